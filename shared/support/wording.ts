import { SUPPORT_STATUS_LABELS } from './status'
import type { SupportSession } from '../types/api'

/** Who ended a session themselves: the requester withdrawing a request, or ending the session they held. */
export function endedByRequester(s: SupportSession): boolean {
  return s.status === 'revoked' && s.revokedBy?.id === s.requestedBy.id
}

/**
 * A session's status as people say it: "Withdrawn" for a request its requester took back, "Ended by Sam
 * Admin" for a session its holder ended, otherwise the SPEC's labels (Pending, Active, Expired, Revoked).
 */
export function supportStatusText(s: SupportSession): string {
  if (endedByRequester(s)) return s.approvedAt ? `Ended by ${s.requestedBy.name}` : 'Withdrawn'
  return SUPPORT_STATUS_LABELS[s.status]
}

/** The Revoke confirmation, in the words of what it does for this row and this viewer. */
export function revokeWording(s: SupportSession, meId: number | undefined) {
  const mine = s.requestedBy.id === meId
  if (mine && s.status === 'pending') return { title: 'Withdraw request', description: 'Your request will be withdrawn: nobody can approve it any more, and you can ask again.', confirm: 'Withdraw request' }
  if (mine) return { title: 'End support session', description: 'You lose write access to this workspace now.', confirm: 'End Support Session' }
  if (s.status === 'pending') return { title: 'Decline support request', description: `${s.requestedBy.name}'s request is declined; they get no access.`, confirm: 'Revoke' }
  return { title: 'Revoke support access', description: `${s.requestedBy.name} loses access to this workspace immediately.`, confirm: 'Revoke' }
}
