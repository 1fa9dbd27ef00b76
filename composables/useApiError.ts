import type { ApiErrorBody } from '#shared/types/api'

/** The message, code and field issues of a failed $fetch, in the API's error shape. */
export function apiErrorOf(error: unknown): { message: string, code: string | null, issues: { path: string, message: string }[] } {
  const data = (error as { data?: ApiErrorBody })?.data
  if (data && typeof data === 'object' && 'message' in data) return { message: data.message, code: data.data?.code ?? null, issues: data.data?.issues ?? [] }
  return { message: 'Something went wrong. Check your connection and try again.', code: null, issues: [] }
}
