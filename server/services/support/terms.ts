import { and, eq, inArray } from 'drizzle-orm'
import { scopeWithin, type SupportScope } from '#shared/support/scope'
import { supportExpiryProblem } from '#shared/support/status'
import { tables, type DbOrTx } from '../../database'
import type { SupportSessionView } from './session-view'

/**
 * A request's terms (SPEC 3.12): what it lends, when it may start, how long it lasts. Checked when it
 * is asked and when an approver narrows it; the session's end is set when it becomes active.
 */

const DAY_MS = 24 * 60 * 60 * 1000
/** A start a moment in the past is a clock's skew, not a request for the past. */
const START_SKEW_MS = 60_000
const MINUTE_MS = 60_000

const invalid = (path: string, message: string) => apiError('ValidationFailed', message, { issues: [{ path, message }] })

/** A project list names projects of this workspace only (SPEC 3.12). */
export async function checkScopeProjects(db: DbOrTx, workspaceId: number, scope: SupportScope) {
  if (scope.projects === 'all') return
  const p = tables.projects
  const found = await db.select({ id: p.id }).from(p).where(and(eq(p.workspaceId, workspaceId), inArray(p.id, scope.projects)))
  if (found.length !== scope.projects.length) throw invalid('scope.projects', 'Name projects of this workspace only.')
}

/** A start is now or later, within 30 days; an absolute expiry leaves the session at least 10 minutes after it. */
export function checkStart(startsAt: Date | null, expiresAt: Date | null, now: Date) {
  if (!startsAt) return
  if (startsAt.getTime() < now.getTime() - START_SKEW_MS) throw invalid('startsAt', 'The start cannot be in the past.')
  if (startsAt.getTime() > now.getTime() + 30 * DAY_MS) throw invalid('startsAt', 'The start must be within 30 days.')
  if (expiresAt && expiresAt.getTime() - startsAt.getTime() < 10 * MINUTE_MS) {
    throw apiError('SupportSessionExpiryTooSoon', 'The expiry must be at least 10 minutes after the start.', { issues: [{ path: 'expiresAt', message: 'Too soon after the start' }] })
  }
}

/** When a session approved now becomes active: now, or its start if that is later. */
export function activationOf(session: Pick<SupportSessionView, 'startsAt'>, now: Date): Date {
  const start = session.startsAt ? new Date(session.startsAt) : null
  return start && start.getTime() > now.getTime() ? start : now
}

export interface Narrowing { scope?: SupportScope, expiresAt?: Date, durationMinutes?: number }

const longer = (message: string, path: string) => apiError('SupportSessionExpiryLonger', message, { issues: [{ path, message: 'Longer than requested' }] })

/**
 * What an approver may change (SPEC 3.7, 3.12): a narrower scope, an earlier end or a shorter duration,
 * never wider or longer. Answers the terms the session is approved with; its end is counted from `activation`.
 */
export function narrowedTerms(session: SupportSessionView, set: Narrowing, activation: Date, now: Date) {
  if (set.scope && !scopeWithin(set.scope, session.scope)) {
    throw apiError('SupportScopeWider', 'You can narrow the access asked for (fewer projects, read instead of write), never widen it.', { issues: [{ path: 'scope', message: 'Wider than requested' }] })
  }
  const scope = set.scope ?? session.scope
  const askedEnd = session.expiresAt ? new Date(session.expiresAt) : session.durationMinutes ? new Date(activation.getTime() + session.durationMinutes * MINUTE_MS) : null
  let durationMinutes = session.durationMinutes
  let expiresAt: Date | null = session.expiresAt ? new Date(session.expiresAt) : null
  if (set.durationMinutes !== undefined) {
    if (session.durationMinutes !== null && set.durationMinutes > session.durationMinutes) throw longer('You can shorten the time asked for, never lengthen it: choose a duration no longer than the one requested.', 'durationMinutes')
    const end = new Date(activation.getTime() + set.durationMinutes * MINUTE_MS)
    if (askedEnd && end.getTime() > askedEnd.getTime()) throw longer('You can shorten the access asked for, never lengthen it: choose a duration that ends no later than the expiry requested.', 'durationMinutes')
    durationMinutes = set.durationMinutes
    expiresAt = null
  }
  if (set.expiresAt) {
    const problem = supportExpiryProblem(set.expiresAt, now)
    if (problem === 'tooSoon') throw apiError('SupportSessionExpiryTooSoon', 'The expiry must be at least 10 minutes from now.')
    if (problem === 'tooLate') throw invalid('expiresAt', 'The expiry must be within 365 days.')
    if (askedEnd && set.expiresAt.getTime() > askedEnd.getTime()) throw longer('You can shorten the access asked for, never lengthen it: choose an expiry no later than the one requested.', 'expiresAt')
    expiresAt = set.expiresAt
    durationMinutes = null
  }
  return { scope, durationMinutes, expiresAt }
}

/** Stated in shared/support/auto-approval.ts, where the request dialog's automatic approval counts the same end. */
export { endAt } from '#shared/support/auto-approval'
