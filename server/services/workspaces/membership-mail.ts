import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { workspaceAdminContacts } from './admins'
import { tables } from '../../database'

interface WorkspaceRef { id: number, slug: string, name: string }

/** `invite.created`: the invitee hears who invited them where, with the link to accept. */
export async function sendInviteEmail(db: DbOrTx, workspace: WorkspaceRef, inviter: { name: string }, invite: { id: string | number, email: string }) {
  await queueEmail(db, workspace.id, composeEmail(invite.email, `${inviter.name} invited you to ${workspace.name}`, [
    `${inviter.name} invited you to join the workspace ${workspace.name} on Support Access.`,
    'Sign in with this email address (or add it to your account) to accept.',
  ], { label: 'Accept the invitation', path: `/invites/${invite.id}` }))
}

/** `join_request.created`: every Admin of the workspace hears who asks to join. */
export async function notifyJoinRequest(db: DbOrTx, workspace: WorkspaceRef, requester: { id: number, name: string }) {
  const e = tables.userEmails
  const [primary] = await db.select({ email: e.email }).from(e).where(and(eq(e.userId, requester.id), eq(e.primary, true)))
  const who = primary ? `${requester.name} (${primary.email})` : requester.name
  for (const admin of await workspaceAdminContacts(db, workspace.id)) {
    await queueEmail(db, workspace.id, composeEmail(admin.email, `${requester.name} asks to join ${workspace.name}`, [
      `Hi ${admin.name},`,
      `${who} asks to join ${workspace.name}.`,
    ], { label: 'Review join requests', path: `/settings/workspaces/${workspace.slug}/people?tab=requests` }))
  }
}
