import { hoursLabel, type SupportPolicy } from './policy'
import type { SupportScope } from './scope'

/**
 * Automatic approval (SPEC 3.13), decided once for the server and the request dialog: the server
 * approves a request by the policy exactly when this says so, and the dialog says so before it is sent
 * ("Start read-only access"), or why an Admin must approve instead. Pure: no clock but `now`.
 */

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

/** What of a request automatic approval judges: what it lends, and when it starts and ends. */
export interface AutoApprovalAsk { scope: SupportScope, expiresAt: Date | null, durationMinutes: number | null, startsAt: Date | null }

export type AutoApprovalVerdict =
  | { auto: true, activation: Date, end: Date, scheduled: boolean }
  | { auto: false, why: 'off' | 'twoApprovals' | 'write' | 'noEnd' | 'tooLong', message: string }

/** The end a session gets when it becomes active: its expiry, or its duration counted from the activation. */
export function endAt(terms: { expiresAt: Date | null, durationMinutes: number | null }, activation: Date): Date | null {
  if (terms.expiresAt) return terms.expiresAt
  return terms.durationMinutes ? new Date(activation.getTime() + terms.durationMinutes * MINUTE_MS) : null
}

/**
 * Whether the policy approves this request by itself: read-only, ending within `autoApproveReadHours`
 * of its activation. Never for writes (a write always waits for a person), never without an end, and
 * never where two approvals are required: the two-person rule means two people, which the policy is not
 * (the policy form refuses that combination; a workspace that has it anyway still waits for its Admins).
 * The rest of the policy (reason, ticket, maximum length and access) is checked before this is asked.
 */
export function autoApproval(policy: Pick<SupportPolicy, 'autoApproveReadHours' | 'approvalsRequired'>, ask: AutoApprovalAsk, now: Date): AutoApprovalVerdict {
  const hours = policy.autoApproveReadHours
  if (hours === null) return { auto: false, why: 'off', message: 'An Admin of the workspace must approve it before it starts.' }
  const limit = `read-only requests of at most ${hoursLabel(hours)}`
  if (policy.approvalsRequired === 2) return { auto: false, why: 'twoApprovals', message: 'Two Admins must approve it: this workspace requires 2 approvals, so nothing is approved automatically.' }
  if (ask.scope.access !== 'read') return { auto: false, why: 'write', message: `An Admin must approve it: it asks for write access, and only ${limit} are approved automatically.` }
  const activation = ask.startsAt && ask.startsAt.getTime() > now.getTime() ? ask.startsAt : now
  const end = endAt(ask, activation)
  if (!end) return { auto: false, why: 'noEnd', message: `An Admin must approve it: it has no end, and only ${limit} are approved automatically.` }
  if (end.getTime() - activation.getTime() > hours * HOUR_MS) return { auto: false, why: 'tooLong', message: `An Admin must approve it: it lasts longer than ${hoursLabel(hours)}, and only ${limit} are approved automatically.` }
  return { auto: true, activation, end, scheduled: activation.getTime() > now.getTime() }
}

/** SPEC 3.7 + 3.13: a policy may not both require two approvals and approve by itself. */
export function autoApprovalConflict(policy: Pick<SupportPolicy, 'autoApproveReadHours' | 'approvalsRequired'>): string | null {
  return policy.approvalsRequired === 2 && policy.autoApproveReadHours !== null
    ? 'Automatic approval cannot be combined with 2 approvals: the two-person rule means two Admins approve every session. Choose 1 approval, or empty the automatic approval.'
    : null
}
