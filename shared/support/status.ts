/**
 * What the API and UI report: `expired` is derived from `expires_at`, so access ends on time with no job;
 * the upkeep job later stores `expired` too, to record the expiry once (audit, email, live update).
 */
export const SUPPORT_STATUSES = ['pending', 'scheduled', 'active', 'expired', 'revoked'] as const
export type SupportStatus = (typeof SUPPORT_STATUSES)[number]
export type StoredSupportStatus = SupportStatus

export const SUPPORT_STATUS_LABELS: Record<SupportStatus, string> = {
  pending: 'Pending',
  // SPEC 3.12: approved, waiting for its start; lends nothing until then.
  scheduled: 'Scheduled',
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
}

/** A request for more time: `expired` when its session ended before anyone decided it. */
export const EXTENSION_STATUSES = ['pending', 'approved', 'declined', 'expired'] as const
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number]

/** The earliest expiry a request may ask for, counted from the request. */
export const MIN_SUPPORT_EXPIRY_MS = 10 * 60 * 1000
export const MAX_SUPPORT_EXPIRY_MS = 365 * 24 * 60 * 60 * 1000

export function reportedStatus(session: { status: StoredSupportStatus, expiresAt: Date | null, lapsesAt?: Date | null }, now: Date): SupportStatus {
  if (session.status === 'revoked') return 'revoked'
  if (session.expiresAt && session.expiresAt.getTime() <= now.getTime()) return 'expired'
  // A request nobody approved in time lapses (SPEC 3.7 pendingTtlHours).
  if (session.status === 'pending' && session.lapsesAt && session.lapsesAt.getTime() <= now.getTime()) return 'expired'
  return session.status
}

/** Why an expiry cannot be accepted, or null when it can (empty means never expires). */
export function supportExpiryProblem(expiresAt: Date | null, now: Date): 'tooSoon' | 'tooLate' | null {
  if (!expiresAt) return null
  const ahead = expiresAt.getTime() - now.getTime()
  if (ahead < MIN_SUPPORT_EXPIRY_MS) return 'tooSoon'
  if (ahead > MAX_SUPPORT_EXPIRY_MS) return 'tooLate'
  return null
}
