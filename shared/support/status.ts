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

/** A duration as people say it: "45 minutes", "1 hour", "3 days". */
export function minutesLabel(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`
  return `${minutes} minutes`
}

/**
 * When a session ends, as every email and screen says it (SPEC 3.12): "until <time>" once its end is
 * known; before its activation a duration is counted "from approval" (or from its start, if later);
 * "with no expiry" only when neither was asked. `at` says a time the way the reader's medium does.
 */
export function sessionEndWords(session: { expiresAt: string | Date | null, durationMinutes?: number | null, startsAt?: string | Date | null }, at: (time: string | Date) => string): string {
  if (session.expiresAt) return `until ${at(session.expiresAt)}`
  if (session.durationMinutes) return `for ${minutesLabel(session.durationMinutes)} from ${session.startsAt ? 'its start (or its approval, if later)' : 'approval'}`
  return 'with no expiry'
}
