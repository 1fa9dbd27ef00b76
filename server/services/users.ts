import { and, count, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../database/connection'
import type { WriteScope } from '../utils/write-scope'
import { DELETED_USER_NAME } from './support/queries'
import { closeSessionsOfDeletedUser } from './support/transitions'

/** A person's name as audit events record it (the events outlive the account). */
export async function userName(db: DbOrTx, userId: number): Promise<string> {
  const [user] = await db.select({ name: tables.users.name }).from(tables.users).where(eq(tables.users.id, userId))
  return user?.name ?? DELETED_USER_NAME
}

/**
 * Removes an account. Foreign keys cascade its sign-in sessions, API tokens, emails, memberships and
 * project roles away, so access ends on the very next request. Audit events and support sessions keep
 * naming it (shown as a deleted user). A workspace never loses its last Admin.
 */

export async function deleteUser(scope: WriteScope, userId: number) {
  const { tx, actor, audit } = scope
  const { users, workspaceMembers: m } = tables
  const [user] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId))
  if (!user) throw apiError('UserNotFound', 'User not found.')
  if (user.id === actor.id) throw apiError('ValidationFailed', 'You cannot delete your own account here.', { issues: [{ path: 'userId', message: 'Own account' }] })
  const memberships = await tx.select({ workspaceId: m.workspaceId }).from(m).where(eq(m.userId, userId)).orderBy(m.workspaceId)
  // Every workspace it leaves, in one order, so two deletions never wait for each other's locks.
  for (const { workspaceId } of memberships) await serializeWrites(tx, `workspace:${workspaceId}`)
  const adminOf = (await tx.select({ workspaceId: m.workspaceId }).from(m).where(and(eq(m.userId, userId), eq(m.role, 'admin')))).map(r => r.workspaceId)
  if (adminOf.length) {
    const admins = await tx.select({ workspaceId: m.workspaceId, n: count() }).from(m)
      .where(and(inArray(m.workspaceId, adminOf), eq(m.role, 'admin'))).groupBy(m.workspaceId)
    const lastAdmin = admins.some(r => r.n <= 1)
    if (lastAdmin) throw apiError('WorkspaceLastAdmin', `${user.name} is the last Admin of a workspace. Promote someone else there first.`)
  }
  // Their open support sessions end with the account, recorded and announced as revocations; the rows
  // stay, naming a deleted user.
  await closeSessionsOfDeletedUser(scope, userId)
  for (const workspaceId of new Set(memberships.map(r => r.workspaceId))) {
    await audit({ workspaceId, action: 'user.deleted', targetType: 'user', targetId: userId, data: { name: user.name } })
  }
  await tx.delete(users).where(eq(users.id, userId))
  await endStreams(tx, [streamKeys.user(userId)])
}
