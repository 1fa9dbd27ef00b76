import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
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
  const w = tables.workspaces
  const adminOf = await tx.select({ id: w.id, name: w.name, supportApprovalsRequired: w.supportApprovalsRequired }).from(m)
    .innerJoin(w, eq(w.id, m.workspaceId)).where(and(eq(m.userId, userId), eq(m.role, 'admin'))).orderBy(w.id)
  for (const workspace of adminOf) await assertAdminsRemain(tx, workspace, user.name)
  // Their open support sessions end with the account, recorded and announced as revocations; the rows
  // stay, naming a deleted user.
  await closeSessionsOfDeletedUser(scope, userId)
  for (const workspaceId of new Set(memberships.map(r => r.workspaceId))) {
    await audit({ workspaceId, action: 'user.deleted', targetType: 'user', targetId: userId, data: { name: user.name } })
  }
  await tx.delete(users).where(eq(users.id, userId))
  await endStreams(tx, [streamKeys.user(userId)])
}
