import { and, count, eq, inArray } from 'drizzle-orm'
import type { Actor } from '../utils/actor'
import { appendAudit } from './audit'

/**
 * Removes an account. Foreign keys cascade its sign-in sessions, API tokens, emails, memberships and
 * project roles away, so access ends on the very next request. A workspace never loses its last Admin.
 */
export function deleteUser(actor: Actor, userId: number) {
  const { users, workspaceMembers: m } = tables
  useDb().transaction((tx) => {
    const user = tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId)).get()
    if (!user) throw apiError('UserNotFound', 'User not found.')
    if (user.id === actor.id) throw apiError('ValidationFailed', 'You cannot delete your own account here.', { issues: [{ path: 'userId', message: 'Own account' }] })
    const adminOf = tx.select({ workspaceId: m.workspaceId }).from(m).where(and(eq(m.userId, userId), eq(m.role, 'admin'))).all().map(r => r.workspaceId)
    if (adminOf.length) {
      const lastAdmin = tx.select({ workspaceId: m.workspaceId, n: count() }).from(m)
        .where(and(inArray(m.workspaceId, adminOf), eq(m.role, 'admin'))).groupBy(m.workspaceId).all().some(r => r.n <= 1)
      if (lastAdmin) throw apiError('WorkspaceLastAdmin', `${user.name} is the last Admin of a workspace. Promote someone else there first.`)
    }
    for (const workspaceId of new Set(tx.select({ workspaceId: m.workspaceId }).from(m).where(eq(m.userId, userId)).all().map(r => r.workspaceId))) {
      appendAudit({ workspaceId, actorId: actor.id, action: 'user.deleted', targetType: 'user', targetId: userId, data: { name: user.name } })
    }
    tx.delete(users).where(eq(users.id, userId)).run()
  }, { behavior: 'immediate' })
}
