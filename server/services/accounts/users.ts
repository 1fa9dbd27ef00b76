import { and, eq, inArray, ne, or } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../database'
import type { WriteScope } from '../write-scope'
import { DELETED_USER_NAME } from './names'
import { closeSessionsOfDeletedUser } from '../support/transitions'
import { assertAdminsRemain } from '../workspaces/rules'
import { serializeWrites, tables } from '../../database'
import { endStreams, streamKeys } from '../live/bus'

/** A person's name as audit events record it (the events outlive the account). */
export async function userName(db: DbOrTx, userId: number): Promise<string> {
  const [user] = await db.select({ name: tables.users.name }).from(tables.users).where(eq(tables.users.id, userId))
  return user?.name ?? DELETED_USER_NAME
}

/**
 * What an account's deletion takes from workspaces: its memberships and join requests (foreign keys
 * cascade them away) and the pending invites it sent or that were addressed to one of its emails, which
 * it revokes (an invite from a deleted, perhaps stolen, account must not let anyone in later).
 */
async function workspaceTiesOf(tx: Tx, userId: number) {
  const { workspaceMembers: m, workspaceJoinRequests: j, workspaceInvites: i, workspaces: w, userEmails: e } = tables
  const memberships = await tx.select({ workspaceId: m.workspaceId, workspace: w.name, role: m.role, seat: m.seat }).from(m)
    .innerJoin(w, eq(w.id, m.workspaceId)).where(eq(m.userId, userId)).orderBy(m.workspaceId)
  const joinRequests = await tx.select({ id: j.id, workspaceId: j.workspaceId, status: j.status }).from(j).where(eq(j.userId, userId)).orderBy(j.id)
  const emails = (await tx.select({ email: e.email }).from(e).where(eq(e.userId, userId))).map(r => r.email)
  const invites = await tx.select({ id: i.id, workspaceId: i.workspaceId, email: i.email }).from(i)
    .where(and(eq(i.status, 'pending'), emails.length ? or(eq(i.invitedBy, userId), inArray(i.email, emails)) : eq(i.invitedBy, userId))).orderBy(i.id)
  const workspaceIds = [...new Set([...memberships, ...joinRequests, ...invites].map(r => r.workspaceId))].sort((a, b) => a - b)
  return { memberships, joinRequests, invites, workspaceIds }
}

/**
 * Removes an account. Foreign keys cascade its sign-in sessions, API tokens, emails, memberships, join
 * requests and project roles away, so access ends on the very next request. A workspace never loses its
 * last Admin. The deletion is recorded (SPEC 3.11) in every workspace chain it touched, with what it took
 * from that workspace, and in the server's chain with all of it, members of no workspace included.
 * Audit events and support sessions keep naming it (shown as a deleted user).
 */
async function deleteAccount(scope: WriteScope, userId: number) {
  const { tx, audit } = scope
  const { users, workspaces: w, workspaceMembers: m, workspaceInvites: i } = tables
  const [user] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId))
  if (!user) throw apiError('UserNotFound', 'User not found.')
  await assertServerAdminsRemain(tx, userId)
  const ties = await workspaceTiesOf(tx, userId)
  // Every workspace it leaves, in one order, so two deletions never wait for each other's locks.
  for (const workspaceId of ties.workspaceIds) await serializeWrites(tx, `workspace:${workspaceId}`)
  const adminOf = await tx.select({ id: w.id, name: w.name, supportApprovalsRequired: w.supportApprovalsRequired }).from(m)
    .innerJoin(w, eq(w.id, m.workspaceId)).where(and(eq(m.userId, userId), eq(m.role, 'admin'))).orderBy(w.id)
  for (const workspace of adminOf) await assertAdminsRemain(tx, workspace, user.name, userId === scope.actor.id)
  // Their open support sessions end with the account, recorded and announced as revocations; the rows
  // stay, naming a deleted user.
  await closeSessionsOfDeletedUser(scope, userId)
  if (ties.invites.length) await tx.update(i).set({ status: 'revoked' }).where(inArray(i.id, ties.invites.map(r => r.id)))
  const self = userId === scope.actor.id
  const target = { action: 'user.deleted', targetType: 'user', targetId: userId } as const
  for (const workspaceId of ties.workspaceIds) {
    const membership = ties.memberships.find(r => r.workspaceId === workspaceId)
    await audit({ ...target, workspaceId, data: {
      name: user.name, self, role: membership?.role ?? null, seat: membership?.seat ?? null,
      joinRequests: ties.joinRequests.filter(r => r.workspaceId === workspaceId).map(({ id, status }) => ({ id, status })),
      invites: ties.invites.filter(r => r.workspaceId === workspaceId).map(({ id, email }) => ({ id, email })),
    } })
  }
  await audit({ ...target, workspaceId: null, data: { name: user.name, self, memberships: ties.memberships, joinRequests: ties.joinRequests, invites: ties.invites } })
  await tx.delete(users).where(eq(users.id, userId))
  await endStreams(tx, [streamKeys.user(userId)])
}

/**
 * The server always keeps a server admin (someone must be able to administer it). Deletions of server
 * admins run one after another, so two admins deleting each other at once cannot leave none.
 */
async function assertServerAdminsRemain(tx: Tx, userId: number) {
  const u = tables.users
  const [target] = await tx.select({ serverRole: u.serverRole }).from(u).where(eq(u.id, userId))
  if (target?.serverRole !== 'admin') return
  await serializeWrites(tx, 'server-admins')
  const others = await tx.select({ id: u.id }).from(u).where(and(eq(u.serverRole, 'admin'), ne(u.id, userId))).limit(1)
  if (!others.length) throw apiError('ServerLastAdmin', 'This is the server’s last server admin. Make someone else a server admin first.')
}

/** A server admin removes someone else's account (Server Settings → Users). */
export async function deleteUser(scope: WriteScope, userId: number) {
  if (userId === scope.actor.id) throw apiError('ValidationFailed', 'You cannot delete your own account here.', { issues: [{ path: 'userId', message: 'Own account' }] })
  await deleteAccount(scope, userId)
}

/** Someone deletes their own account (Account settings, in sudo mode), under the same rules. */
export function deleteOwnAccount(scope: WriteScope) {
  return deleteAccount(scope, scope.actor.id)
}
