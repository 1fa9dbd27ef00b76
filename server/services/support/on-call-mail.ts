import type { DbOrTx } from '../../database'
import type { SupportSessionView } from './session-view'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { workspaceAdminContacts } from '../workspaces/admins'
import { termsLines } from './scope-mail'

/**
 * The emails of SPEC 3.13 ("when nobody is awake, and when nobody needs to be"), each to every Admin of
 * the workspace, queued in the transaction of the change that sends it (announcements.ts).
 */

const supportPage = (slug: string) => `/settings/workspaces/${slug}/support`
const mailTime = (at: Date | string) => `${new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`
const until = (session: SupportSessionView) => (session.expiresAt ? `until ${mailTime(session.expiresAt)}` : '')

async function toAdmins(db: DbOrTx, session: SupportSessionView, subject: string, lines: (name: string) => string[], label: string) {
  for (const admin of await workspaceAdminContacts(db, session.workspace.id)) {
    await queueEmail(db, session.workspace.id, composeEmail(admin.email, subject, [`Hi ${admin.name},`, ...lines(admin.name)], { label, path: supportPage(session.workspace.slug) }))
  }
}

/** A read-only request the policy approved by itself: the Admins learn it, and where to revoke it. */
export async function notifyAutoApproved(db: DbOrTx, session: SupportSessionView): Promise<void> {
  const { workspace, requestedBy } = session
  const terms = await termsLines(db, session)
  await toAdmins(db, session, `Support access to ${workspace.name} approved automatically`, () => [
    `${requestedBy.name} (${requestedBy.email ?? 'deleted account'}), a server admin, asked for read-only support access to ${workspace.name}, and it was approved automatically by the workspace's support policy ${until(session)}.`,
    session.reason ? `Reason: ${session.reason}` : 'No reason was given.',
    ...terms,
    ...(session.status === 'scheduled' ? [`It starts at ${mailTime(session.startsAt!)}.`] : []),
    'It can read, never change anything. If you did not expect it, revoke it from the Support page.',
  ], 'Review or revoke it')
}

/** Emergency access started (SPEC 3.13): every Admin hears at once, and is asked to review it. */
export async function notifyEmergency(db: DbOrTx, session: SupportSessionView): Promise<void> {
  const { workspace, requestedBy } = session
  const terms = await termsLines(db, session)
  await toAdmins(db, session, `Emergency access to ${workspace.name} started`, () => [
    `${requestedBy.name} (${requestedBy.email ?? 'deleted account'}), a server admin, started emergency access to the workspace ${workspace.name} without approval, ${until(session)}.`,
    `Reason: ${session.reason}`,
    ...terms,
    'The workspace\'s support policy allows emergency access. Every change is recorded in the audit log. Review the session on the Support page: acknowledge it, or flag it for every server admin to see. Revoke it there if it should not continue.',
  ], 'Review the emergency access')
}

/** A request still pending after the policy's `remindAfterMinutes`: the Admins hear once more. */
export async function notifyPendingReminder(db: DbOrTx, session: SupportSessionView): Promise<void> {
  const { workspace, requestedBy } = session
  await toAdmins(db, session, `Still waiting: support access requested for ${workspace.name}`, () => [
    `${requestedBy.name}, a server admin, is still waiting for an answer to their request for support access to ${workspace.name}, made ${mailTime(session.createdAt!)}.`,
    session.reason ? `Reason: ${session.reason}` : 'No reason was given.',
    'Approve or decline it on the Support page; nothing changes until a workspace admin approves.',
  ], 'Review the request')
}

/** An emergency session not yet reviewed: a reminder a day until an Admin reviews it. */
export async function notifyReviewReminder(db: DbOrTx, session: SupportSessionView): Promise<void> {
  const { workspace, requestedBy } = session
  await toAdmins(db, session, `Review needed: emergency access to ${workspace.name}`, () => [
    `${requestedBy.name} used emergency access to ${workspace.name} on ${mailTime(session.approvedAt ?? session.createdAt!)}, and no Admin has reviewed it yet.`,
    `Reason: ${session.reason}`,
    'Acknowledge it, or flag it for every server admin to see, on the Support page.',
  ], 'Review the emergency access')
}
