import type { WebhookData } from '#shared/webhooks/contract'
import type { Announced, WebhookPayload } from '../announced'
import type { SupportSessionView } from '../support/session-view'
import { readSupportPolicy } from '../support/policy'

type SupportEvent = 'support.requested' | 'support.approved' | 'support.revoked' | 'support.ended' | 'support.started' | 'support.emergency'

const sessionOf = (s: SupportSessionView) => ({
  id: s.id,
  status: s.status,
  requestedBy: { id: s.requestedBy.id, name: s.requestedBy.name },
  reason: s.reason,
  expiresAt: s.expiresAt,
  approvals: s.approvals.length,
  approvalsRequired: s.approvalsRequired,
  scope: s.scope,
  durationMinutes: s.durationMinutes,
  startsAt: s.startsAt,
  ticket: s.ticket,
  ticketUrl: s.ticketUrl,
  emergency: s.emergency,
})

/** A support session's transition: the session as it stands after it. */
export async function supportPayload(type: SupportEvent, a: Announced): Promise<WebhookPayload> {
  return { type, data: { session: sessionOf(await a.session()) } }
}

export async function expiredPayload(a: Announced): Promise<WebhookPayload> {
  return { type: 'support.expired', data: { session: sessionOf(await a.session()), lapsed: Boolean(a.change.data.lapsed) } }
}

/** A change of the support policy (SPEC 3.11): each changed setting before and after, and the policy now. */
export async function policyChangedPayload(a: Announced): Promise<WebhookPayload | null> {
  const changes = (a.change.data.changes ?? {}) as WebhookData<'support.policy_changed'>['changes']
  // Saved without a change: recorded, but nothing to announce.
  if (!Object.keys(changes).length) return null
  return { type: 'support.policy_changed', data: { changes, policy: await readSupportPolicy(a.workspace!.id, a.db) } }
}

type Role = WebhookData<'member.added'>['role']
type Seat = WebhookData<'member.added'>['seat']
type Person = { id: number, name: string }
const named = (value: unknown): Person => value as Person

/** Someone joined the workspace, and how. */
export function memberAdded(via: WebhookData<'member.added'>['via'], a: Announced): WebhookPayload {
  const d = a.change.data
  switch (via) {
    case 'invite': return { type: 'member.added', data: { via, member: a.actor!, role: d.role as Role, seat: d.seat as Seat } }
    case 'auto_join': return { type: 'member.added', data: { via, member: a.actor!, role: 'member', seat: 'viewer' } }
    case 'join_request': return { type: 'member.added', data: { via, member: named(d.user), role: 'member', seat: 'viewer' } }
    case 'project': {
      // SPEC 3.3: an outsider added to a project joins as a Guest, with an Editor seat for Can edit.
      const role = (d.changes as { role: { to: string } }).role.to
      return { type: 'member.added', data: { via, member: named(d.user), role: 'guest', seat: role === 'editor' ? 'editor' : 'viewer' } }
    }
  }
}

export function memberRemoved(a: Announced): WebhookPayload {
  const d = a.change.data
  return { type: 'member.removed', data: { member: { id: Number(a.change.targetId), name: String(d.name) }, role: d.role as Role, seat: d.seat as Seat } }
}

export function memberChanged(a: Announced): WebhookPayload {
  const d = a.change.data
  if (a.change.action === 'collaborator.set') {
    // Can edit or Owner on a project lifted a Viewer seat to Editor (SPEC 3.3).
    return { type: 'member.changed', data: { member: named(d.user), changes: { seat: { from: 'viewer', to: 'editor' } } } }
  }
  return { type: 'member.changed', data: { member: { id: Number(a.change.targetId), name: String(d.name) }, changes: d.changes as WebhookData<'member.changed'>['changes'] } }
}
