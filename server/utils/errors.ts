import { ERROR_STATUS, type ErrorCode } from '#shared/error-codes'

/** The one way the API fails: `{ statusCode, message, data: { code, ...extra } }`. */
export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return createError({ statusCode: ERROR_STATUS[code], statusMessage: code, message, data: { code, ...extra } })
}
