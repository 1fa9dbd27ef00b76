import { ERROR_STATUS, type ErrorCode } from '#shared/error-codes'
import type { Decision } from '#shared/permissions'

/**
 * The one way the API fails: `{ statusCode, message, data: { code, ...extra } }`. A code has one status
 * but for the few SPEC gives two (see CONFLICT_STATUS), where the conflict with current state says 409.
 */
export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, { conflict = false } = {}) {
  return createError({ statusCode: conflict ? 409 : ERROR_STATUS[code], statusMessage: code, message, data: { code, ...extra } })
}

/** Throws the permission model's refusal in the API's error shape; passes an allowed decision through. */
export function refuseUnless(decision: Decision): asserts decision is Extract<Decision, { authorized: true }> {
  if (!decision.authorized) throw apiError(decision.code, decision.message)
}
