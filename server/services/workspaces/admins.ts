import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import { tables } from '../../database'

/** Name and primary email of every Admin of a workspace: the people notified about it. */
export function workspaceAdminContacts(db: DbOrTx, workspaceId: number) {
  const { workspaceMembers: m, users, userEmails: e } = tables
  return db.select({ id: users.id, name: users.name, email: e.email })
    .from(m)
    .innerJoin(users, eq(users.id, m.userId))
    .innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
    .where(and(eq(m.workspaceId, workspaceId), eq(m.role, 'admin')))
}
