import { ERROR_STATUS, type ErrorCode } from '#shared/error-codes'

/**
 * The one way the API fails: `{ statusCode, message, data: { code, ...extra } }`. A code has one status
 * but for the few SPEC gives two (see CONFLICT_STATUS), where the conflict with current state says 409.
 */
export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, { conflict = false } = {}) {
  return createError({ statusCode: conflict ? 409 : ERROR_STATUS[code], statusMessage: code, message, data: { code, ...extra } })
}
