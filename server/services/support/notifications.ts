import type { DbOrTx } from '../../database'
import type { SupportSessionView } from './session-view'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { describeAuditEvent } from '#shared/audit-sentences'
import { sessionChanges } from '../audit/queries'
import { checkpointNow } from '../audit/checkpoints'
import { workspaceAdminContacts } from '../workspaces/admins'
import { termsLines } from './scope-mail'
import { sessionEndWords } from '#shared/support/status'

/** Who made the change being announced (the event's actor): a name is all an email needs. */
interface Person { id: number, name: string }
type Tx = DbOrTx

const supportPage = (slug: string) => `/settings/workspaces/${slug}/support`
/** A time as an email says it: the reader's zone is unknown, so UTC, and says so ("3 Dec 2026, 07:23 UTC"). */
const mailTime = (at: Date | string) => `${new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`
const expiryText = (expiresAt: Date | string | null) => sessionEndWords({ expiresAt }, mailTime)
/** A session's end, its duration from approval included while it has none yet (SPEC 3.12). */
const endText = (session: SupportSessionView) => sessionEndWords(session, mailTime)

export async function notifyRequested(tx: Tx, session: SupportSessionView): Promise<void> {
  const { workspace, requestedBy: requester } = session
  for (const admin of await workspaceAdminContacts(tx, workspace.id)) {
    await queueEmail(tx, session.workspace.id, composeEmail(admin.email, `Support access requested for ${workspace.name}`, [
      `Hi ${admin.name},`,
      `${requester.name} (${requester.email}), a server admin, asks for support access to the workspace ${workspace.name} ${endText(session)}.`,
      session.reason ? `Reason: ${session.reason}` : 'No reason was given.',
      ...await termsLines(tx, session),
      'Nothing changes until a workspace admin approves the request.',
    ], { label: 'Review the request', path: supportPage(workspace.slug) }))
  }
}

export async function notifyApproved(tx: Tx, session: SupportSessionView, approver: Person, comment: string | null): Promise<void> {
  const workspace = session.workspace
  if (!session.requestedBy.email) return // the requester's account was deleted
  await queueEmail(tx, session.workspace.id, composeEmail(session.requestedBy.email, `Support access to ${workspace.name} approved`, [
    `Hi ${session.requestedBy.name},`,
    `${approver.name} approved your support access to ${workspace.name} ${endText(session)}.`,
    ...await termsLines(tx, session),
    ...(session.status === 'scheduled' ? [`It starts at ${mailTime(session.startsAt!)}; until then it lends nothing.`] : []),
    ...(comment ? [`${approver.name} wrote: ${comment}`] : []),
    'Every change you make is recorded in the workspace audit log.',
  ], { label: 'Open the workspace', path: `/workspaces/${workspace.slug}` }))
}

/** The holder of an active session asks for more time: the workspace's Admins decide, as for a request. */
export async function notifyExtensionRequested(tx: Tx, session: SupportSessionView, data: Record<string, unknown>): Promise<void> {
  const { workspace, requestedBy: requester } = session
  for (const admin of await workspaceAdminContacts(tx, workspace.id)) {
    await queueEmail(tx, session.workspace.id, composeEmail(admin.email, `More time requested: support access to ${workspace.name}`, [
      `Hi ${admin.name},`,
      `${requester.name}, a server admin with an active support session in ${workspace.name}, asks for access ${expiryText(String(data.expiresAt))} (now ${endText(session)}).`,
      data.reason ? `Reason: ${String(data.reason)}` : 'No reason was given.',
      'The session ends as planned unless a workspace admin approves.',
    ], { label: 'Review the request', path: supportPage(workspace.slug) }))
  }
}

/** A request for more time answered: the requester hears the outcome; a first of two approvals asks the other Admins. */
export async function notifyExtensionDecided(tx: Tx, session: SupportSessionView, decider: Person, data: Record<string, unknown>): Promise<void> {
  const { workspace, requestedBy } = session
  const extension = session.extensions.find(e => e.id === Number(data.extensionId))
  if (!extension) return
  if (extension.status === 'pending') {
    for (const admin of await workspaceAdminContacts(tx, workspace.id)) {
      if (admin.id === decider.id) continue
      await queueEmail(tx, session.workspace.id, composeEmail(admin.email, `Second approval needed: more time for support access to ${workspace.name}`, [
        `Hi ${admin.name},`,
        `${decider.name} approved more time for ${requestedBy.name}'s support session in ${workspace.name}. A second Admin must approve before it applies.`,
      ], { label: 'Review the request', path: supportPage(workspace.slug) }))
    }
    return
  }
  if (!requestedBy.email) return
  const approved = extension.status === 'approved'
  await queueEmail(tx, session.workspace.id, composeEmail(requestedBy.email, `More time for ${workspace.name} ${approved ? 'approved' : 'declined'}`, [
    `Hi ${requestedBy.name},`,
    approved
      ? `${decider.name} approved more time: your support access to ${workspace.name} now lasts ${endText(session)}.`
      : `${decider.name} declined more time: your support access to ${workspace.name} still ends ${endText(session).replace('until', 'at')}.`,
    ...(approved && data.asked ? ['That is less than you asked for.'] : []),
    ...(typeof data.comment === 'string' ? [`${decider.name} wrote: “${data.comment}”`] : []),
  ], { label: 'Open the workspace', path: `/workspaces/${workspace.slug}` }))
}

/** A pending request closed before it started: declined by a workspace Admin, or withdrawn by its requester. */
export async function notifyRequestClosed(tx: Tx, session: SupportSessionView, closer: Person, byRequester: boolean): Promise<void> {
  const workspace = session.workspace
  if (!byRequester) {
    if (!session.requestedBy.email) return
    await queueEmail(tx, session.workspace.id, composeEmail(session.requestedBy.email, `Support request for ${workspace.name} declined`, [
      `Hi ${session.requestedBy.name},`,
      `${closer.name} declined your request for support access to ${workspace.name}.`,
    ]))
    return
  }
  for (const admin of await workspaceAdminContacts(tx, workspace.id)) {
    await queueEmail(tx, session.workspace.id, composeEmail(admin.email, `Support request for ${workspace.name} withdrawn`, [
      `Hi ${admin.name},`,
      `${closer.name} withdrew their request for support access to ${workspace.name}.`,
    ], { label: 'See support activity', path: supportPage(workspace.slug) }))
  }
}

/** A request nobody approved in time (SPEC 3.7 pendingTtlHours): its requester hears once. */
export async function notifyRequestLapsed(tx: Tx, session: SupportSessionView): Promise<void> {
  if (!session.requestedBy.email) return
  await queueEmail(tx, session.workspace.id, composeEmail(session.requestedBy.email, `Support request for ${session.workspace.name} expired`, [
    `Hi ${session.requestedBy.name},`,
    `Your request for support access to ${session.workspace.name} was not approved in time and has expired.`,
    'Request access again if you still need it.',
  ]))
}

/** The first of two approvals: the other Admins learn that one more is needed. */
export async function notifyApprovalNeeded(tx: Tx, session: SupportSessionView, approver: Person): Promise<void> {
  const workspace = session.workspace
  for (const admin of await workspaceAdminContacts(tx, workspace.id)) {
    if (admin.id === approver.id) continue
    await queueEmail(tx, session.workspace.id, composeEmail(admin.email, `Second approval needed: support access to ${workspace.name}`, [
      `Hi ${admin.name},`,
      `${approver.name} approved ${session.requestedBy.name}'s request for support access to ${workspace.name}. This workspace needs ${session.approvalsRequired} approvals: a second Admin must approve before access starts.`,
    ], { label: 'Review the request', path: supportPage(workspace.slug) }))
  }
}

export async function notifyExpiringSoon(tx: Tx, session: SupportSessionView): Promise<void> {
  if (!session.requestedBy.email) return
  await queueEmail(tx, session.workspace.id, composeEmail(session.requestedBy.email, `Support access to ${session.workspace.name} expires soon`, [
    `Hi ${session.requestedBy.name},`,
    `Your support session in ${session.workspace.name} expires at ${mailTime(session.expiresAt!)}.`,
    'Ask for more time from the Support mode details in the navbar, or request a new session.',
  ]))
}

/** The most changes one "Support session ended" email lists; the Support page has the rest. */
export const CHANGES_IN_ENDED_EMAIL = 50

export type SessionEnding = { kind: 'revoked', by: Person } | { kind: 'ended' } | { kind: 'expired' }

/**
 * When a session that was active ends (revoked, ended by its admin, or expired), every workspace Admin
 * and the requester get one email listing what it changed (SPEC 3.8). Sent in the ending's transaction,
 * closing with the C2SP signed note of the audit log's tree as the session leaves it (SPEC 3.14): the
 * workspace's own copy to check later exports against, or to give a witness.
 */
export async function notifySessionEnded(tx: Tx, session: SupportSessionView, ending: SessionEnding): Promise<void> {
  const { workspace, requestedBy } = session
  const headline = ending.kind === 'revoked'
    ? `${ending.by.name} revoked the support session of ${requestedBy.name} (server admin) in ${workspace.name}.`
    : ending.kind === 'ended'
      ? `${requestedBy.name} (server admin) ended their support session in ${workspace.name}.`
      : `The support session of ${requestedBy.name} (server admin) in ${workspace.name} expired.`
  const { items, total } = await sessionChanges(tx, session, CHANGES_IN_ENDED_EMAIL)
  const summary = total === 0 ? 'It made no changes.' : `It made ${total === 1 ? '1 change' : `${total} changes`}${total > items.length ? `; the first ${items.length} are listed here, all of them on the Support page` : ''}:`
  const list = items.map(e => describeAuditEvent(e))
  const { note } = await checkpointNow(tx, workspace)
  const checkpoint = [
    'Audit checkpoint: the signed note below records the workspace\'s audit log as this session left it (its size and Merkle root, signed by this server). Keep it: npm run audit:verify -- <a later export> --checkpoint <this note, saved as a file> proves the log only grew since.',
    { pre: note },
  ]
  const scope = await termsLines(tx, session)
  // "It made no changes. See all changes: …" contradicts itself (issue 35): the link only follows changes.
  const changesLink = total === 0 ? undefined : { label: 'See all changes', path: supportPage(workspace.slug) }
  const recipients = new Map((await workspaceAdminContacts(tx, workspace.id)).map(a => [a.email, a.name]))
  if (requestedBy.email) recipients.set(requestedBy.email, requestedBy.name)
  for (const [email, name] of recipients) {
    await queueEmail(tx, session.workspace.id, composeEmail(email, `Support session ended: ${workspace.name}`, [`Hi ${name},`, headline, ...scope, summary], changesLink, list, checkpoint))
  }
}
