import type { ApiErrorBody } from '#shared/types/api'

/** The message and code of a failed $fetch, in the API's error shape. */
export function apiErrorOf(error: unknown): { message: string, code: string | null } {
  const data = (error as { data?: ApiErrorBody })?.data
  if (data && typeof data === 'object' && 'message' in data) return { message: data.message, code: data.data?.code ?? null }
  return { message: 'Something went wrong. Check your connection and try again.', code: null }
}
