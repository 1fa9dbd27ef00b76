import { ACCESS_READ_ACTION, ACCESS_RESOURCE_LABELS, type AccessResourceType } from './support/access'
import { PROJECT_ROLE_LABELS, SEAT_LABELS, WORKSPACE_ROLE_LABELS, type ProjectRole, type Seat, type WorkspaceRole } from './roles'

/** An audit event as the Support page and the "Support session ended" email read it. */
export interface AuditEventLike {
  action: string
  actor: { name: string } | null
  targetType: string | null
  targetId: string | null
  data: Record<string, unknown>
}

type Change = { from: unknown, to: unknown }
type Person = { id?: number, name?: string }

const quote = (text: unknown, max = 80) => {
  const s = String(text ?? '')
  return `“${s.length > max ? `${s.slice(0, max - 1)}…` : s}”`
}
const roleLabel = (r: unknown) => WORKSPACE_ROLE_LABELS[r as WorkspaceRole] ?? String(r)
const seatLabel = (s: unknown) => SEAT_LABELS[s as Seat] ?? String(s)
const projectRoleLabel = (r: unknown) => PROJECT_ROLE_LABELS[r as ProjectRole] ?? String(r)
const possessive = (name: string) => `${name}’s`

const FIELD_LABELS: Record<string, string> = {
  name: 'name', description: 'description', visibility: 'visibility', discoverable: 'Discoverable',
  autoJoin: 'Auto-join', domainProtection: 'Domain protection',
  requireReason: 'Require a reason', maxSessionHours: 'Maximum session length (hours)',
  approvalsRequired: 'Approvals required', pendingTtlHours: 'Requests lapse after (hours)',
  readsRequireSession: 'Server admins need an approved session to read',
  approvalRequiresPasskey: 'Approving and revoking need a passkey',
  maxAccess: 'Access a request may ask for', requireTicket: 'Require a ticket', ticketUrlTemplate: 'Ticket link',
  emergencyAccess: 'Emergency access', autoApproveReadHours: 'Approve read-only requests automatically (hours)',
  remindAfterMinutes: 'Remind the Admins of a waiting request after (minutes)',
}
const VALUE_LABELS: Record<string, string> = { workspace: 'Workspace', private: 'Private', true: 'on', false: 'off' }
const valueText = (v: unknown) => (v === null || v === undefined || v === '' ? 'nothing' : VALUE_LABELS[String(v)] ?? quote(v))

/** Each changed setting of a support policy: "Approvals required from 1 to 2" (the audit log, the email). */
export function policyChangeParts(changes: Record<string, Change>): string[] {
  return Object.entries(changes).map(([field, { from, to }]) => {
    const show = (v: unknown) => (field === 'maxSessionHours' && v === null ? 'no limit' : (field === 'autoApproveReadHours' || field === 'remindAfterMinutes') && v === null ? 'never' : typeof v === 'number' ? String(v) : valueText(v))
    return `${FIELD_LABELS[field] ?? field} from ${show(from)} to ${show(to)}`
  })
}

/** "changed the support policy: Approvals required from 1 to 2". */
function policyChanges(changes: Record<string, Change>): string {
  const parts = policyChangeParts(changes)
  return parts.length ? `changed the support policy: ${parts.join(', ')}` : 'saved the support policy without changes'
}

/** "renamed project Tower to Tower B and changed its visibility from Workspace to Private". */
function settingsChanges(kind: 'project' | 'workspace', name: string, changes: Record<string, Change>): string {
  const parts = Object.entries(changes).map(([field, { from, to }]) => {
    if (field === 'name') return `renamed ${kind} ${name} to ${String(to)}`
    if (typeof to === 'boolean') return `turned ${FIELD_LABELS[field] ?? field} ${to ? 'on' : 'off'} for ${kind} ${name}`
    return `changed the ${FIELD_LABELS[field] ?? field} of ${kind} ${name} from ${valueText(from)} to ${valueText(to)}`
  })
  return parts.length ? parts.join(', and ') : `saved ${kind} ${name} without changes`
}

function memberChanges(name: string, changes: Record<string, Change>): string {
  const parts = Object.entries(changes).map(([field, { from, to }]) => field === 'role'
    ? `role from ${roleLabel(from)} to ${roleLabel(to)}`
    : `seat from ${seatLabel(from)} to ${seatLabel(to)}`)
  return parts.length ? `changed ${possessive(name)} ${parts.join(' and ')}` : `saved ${possessive(name)} role and seat without changes`
}

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** What an account's deletion took with it (SPEC 3.11): " (its membership, 1 join request removed)". */
function removals(d: Record<string, unknown>): string {
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0)
  const memberships = length(d.memberships) + (d.role ? 1 : 0)
  const parts = [
    memberships && count(memberships, 'membership'),
    length(d.joinRequests) && count(length(d.joinRequests), 'join request'),
    length(d.invites) && count(length(d.invites), 'invite'),
  ].filter(Boolean)
  return parts.length ? ` (${parts.join(', ')} removed)` : ''
}

/**
 * A write a support session lent whose service recorded nothing of its own, named by its request line
 * (write-scope.ts). The sentence never shows that line (issue 35: "made a change (POST …)" reached the
 * "Support session ended" email); writes recorded before their service audited them are named here.
 */
function lentWrite(request: string): string {
  const test = /^POST \/api\/(?:workspaces\/[^/]+|admin)\/webhooks\/(\d+)\/test$/.exec(request)
  if (test) return `sent a test delivery to webhook #${test[1]}`
  return 'made a change through the API'
}

/** What the person did, without their name: "changed Cy’s seat from Viewer to Editor". */
function predicate(e: AuditEventLike): string {
  const d = e.data
  const name = String(d.name ?? '')
  const person = (d.user as Person | undefined)?.name ?? 'someone'
  const project = String(d.project ?? d.name ?? `#${e.targetId}`)
  switch (e.action) {
    case ACCESS_READ_ACTION: return `read ${quote(name)} (${ACCESS_RESOURCE_LABELS[e.targetType as AccessResourceType] ?? e.targetType})`
    case 'support.requested': return d.reason ? `requested support access: ${quote(d.reason)}` : 'requested support access'
    case 'support.approved': {
      const narrowed = d.scope && typeof d.scope === 'object' && 'from' in (d.scope as object)
      const parts = [d.of && `${Number(d.approval)} of ${Number(d.of)} approvals`, (d.expiresAt || d.durationMinutes) && 'with an earlier expiry than asked', narrowed && 'with less access than asked', d.startsAt && 'starting later'].filter(Boolean)
      return `approved the support request${parts.length ? ` (${parts.join(', ')})` : ''}${d.comment ? `: ${quote(d.comment)}` : ''}`
    }
    case 'support.extension_requested': return `asked for more time on their support session${d.reason ? `: ${quote(d.reason)}` : ''}`
    case 'support.extension_approved': {
      // Issue 35: an approver may give less time than asked, and say why.
      const parts = [d.of && Number(d.approval) < Number(d.of) && `${Number(d.approval)} of ${Number(d.of)} approvals`, d.asked && 'less than asked'].filter(Boolean)
      return `approved more time for the support session${parts.length ? ` (${parts.join(', ')})` : ''}${d.comment ? `: ${quote(d.comment)}` : ''}`
    }
    case 'support.extension_declined': return 'declined more time for the support session'
    case 'support.policy_changed': return policyChanges((d.changes ?? {}) as Record<string, Change>)
    case 'support.revoked': return d.withdrawn ? 'withdrew their request for support access' : d.byRequester ? 'ended their support session' : d.accountDeleted ? 'revoked support access by deleting the requester\'s account' : 'revoked support access'
    case 'support.expired': return 'support session expired'
    case 'support.emergency': return `started emergency access without approval: ${quote(d.reason)}`
    case 'support.reviewed': return `${d.verdict === 'flagged' ? 'flagged' : 'acknowledged'} the emergency access${d.comment ? `: ${quote(d.comment)}` : ''}`
    case 'support.write': return lentWrite(String(e.targetId))
    case 'workspace.created': return `created the workspace ${name}`
    case 'workspace.updated': return settingsChanges('workspace', name, (d.changes ?? {}) as Record<string, Change>)
    case 'member.updated': return memberChanges(name, (d.changes ?? {}) as Record<string, Change>)
    case 'member.removed': return `removed ${name || 'someone'} from the workspace`
    case 'member.auto_joined': return 'joined the workspace through Auto-join'
    case 'invite.created': return `invited ${String(d.email)} as ${roleLabel(d.role)} with ${d.seat === 'editor' ? 'an Editor' : 'a Viewer'} seat`
    case 'invite.revoked': return `withdrew the invite for ${String(d.email)}`
    case 'invite.accepted': return `accepted the invitation and joined as ${roleLabel(d.role)} with ${d.seat === 'editor' ? 'an Editor' : 'a Viewer'} seat`
    case 'invite.declined': return `declined the invitation for ${String(d.email)}`
    case 'join_request.created': return 'asked to join the workspace'
    case 'join_request.approved': return `approved ${possessive(person)} request to join`
    case 'join_request.denied': return `declined ${possessive(person)} request to join`
    case 'domain.added': return `added the domain ${String(d.domain)}`
    case 'domain.removed': return `removed the domain ${String(d.domain)}`
    case 'project.created': return `created project ${name}`
    case 'project.updated': return settingsChanges('project', name, (d.changes ?? {}) as Record<string, Change>)
    case 'project.deleted': return `deleted project ${name}`
    case 'collaborator.set': {
      const { from, to } = ((d.changes as Record<string, Change> | undefined)?.role ?? { from: null, to: d.role }) as Change
      const base = from
        ? `changed ${possessive(person)} role on ${project} from ${projectRoleLabel(from)} to ${projectRoleLabel(to)}`
        : `gave ${person} ${projectRoleLabel(to)} on ${project}`
      const notes = [d.addedAsGuest && `${person} joined the workspace as a Guest`, d.seatUpgraded && `${possessive(person)} seat became Editor`].filter(Boolean)
      return notes.length ? `${base} (${notes.join('; ')})` : base
    }
    case 'collaborator.removed': return `removed ${person} from ${project}`
    case 'model.created': return `added model ${String(d.name)} to ${project}`
    case 'version.created': return `published a version of model ${String(d.model)} in ${project}: ${quote(d.message)}`
    case 'comment.created': return `commented on ${project}: ${quote(d.text)}`
    // No longer recorded (a cosignature is the log's metadata, issue 33), but chains made before keep theirs.
    case 'audit.cosigned': return `recorded witness ${String(d.witness)}’s cosignature of the audit log at ${String(d.treeSize)} events`
    case 'webhook.created': return `added a webhook to ${String(d.url)}`
    case 'webhook.updated': {
      const enabled = (d.changes as Record<string, Change> | undefined)?.enabled
      if (enabled && Object.keys(d.changes as object).length === 1) return `${enabled.to ? 'enabled' : 'disabled'} the webhook to ${String(d.url)}`
      return `changed the webhook to ${String(d.url)}`
    }
    case 'webhook.deleted': return `deleted the webhook to ${String(d.url)}`
    case 'webhook.redelivered': return `sent a ${String(d.event)} delivery to ${String(d.url)} again`
    case 'webhook.tested': return `sent a test delivery to webhook ${String(d.url)}`
    case 'webhook.secret_rotated': return `rotated the signing secret of the webhook to ${String(d.url)}`
    case 'user.deleted': return `${d.self ? 'deleted their own account' : `deleted the account of ${name || 'someone'}`}${removals(d)}`
    case 'passkey.added': return `added the passkey ${quote(d.name)} to their account`
    case 'passkey.removed': return `removed the passkey ${quote(d.name)} from their account${d.withPasswordChange ? ' while changing their password' : ''}`
    case 'token.created': return `created the API token ${quote(d.name)}`
    case 'token.deleted': return `deleted the API token ${quote(d.name)}`
    case 'email.added': return `added the email address ${String(d.email)} to their account`
    case 'user.sign_in_unlocked': return `unlocked sign-in for ${name || 'someone'} after too many failed attempts`
    default: return `did ${e.action.replace(/[._]/g, ' ')}`
  }
}

/** One audit event as a sentence a workspace admin understands: "Ada changed Cy’s seat from Viewer to Editor". */
export function describeAuditEvent(e: AuditEventLike): string {
  if (e.action === 'support.expired') {
    // Whose: events recorded before the requester was named say only what.
    const of = e.data.requester ? ` of ${String(e.data.requester)}` : ''
    if (e.data.policyWithdrew) return `The support policy no longer approves the scheduled read-only session${of} automatically: it ended before its start`
    return e.data.lapsed ? `The support request${of} lapsed without approval` : `The support session${of} expired`
  }
  if (e.action === 'support.reminded') return 'The requester was reminded that the support session expires in 15 minutes'
  if (e.action === 'support.started') return 'The scheduled support session started'
  if (e.action === 'support.approved' && e.data.auto) return 'The support policy approved the read-only request automatically'
  if (e.action === 'support.request_reminded') return 'The workspace Admins were reminded that the support request is still waiting'
  if (e.action === 'support.review_reminded') return 'The workspace Admins were reminded that the emergency access awaits their review'
  return `${e.actor?.name ?? 'Someone'} ${predicate(e)}`
}

/** A session's own lifecycle: recorded under it, but not changes it made (its Changes count everything else). */
export const SUPPORT_LIFECYCLE_ACTIONS = ['support.requested', 'support.approved', 'support.revoked', 'support.expired', 'support.reminded', 'support.started', 'support.extension_requested', 'support.extension_approved', 'support.extension_declined', 'support.emergency', 'support.reviewed', 'support.request_reminded', 'support.review_reminded'] as const

export function isSupportChange(action: string): boolean {
  return action !== ACCESS_READ_ACTION && !(SUPPORT_LIFECYCLE_ACTIONS as readonly string[]).includes(action)
}
