import { and, asc, count, eq, inArray, ne, or, sql } from 'drizzle-orm'
import type { Seat, WorkspaceRole } from '#shared/roles'
import type { DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { userName } from '../accounts/users'
import { assertAdminsRemain, assertDomainPolicy, assertSeatAvailable, capRolesToViewer, demoteGuestOwnership, verifiedEmailsOf, workspaceProjectIds } from './rules'
import { countOf, tables, useDb } from '../../database'

type Workspace = typeof tables.workspaces.$inferSelect
type Caller = WriteScope & { workspace: Workspace }

export interface MemberQuery { kind?: 'members' | 'guests', q?: string, page: number, pageSize: number }

/** One page of a workspace's people, by name; `kind` splits Members and Admins from Guests. */
export async function listMembers(workspaceId: number, query: MemberQuery = { page: 1, pageSize: 500 }) {
  const { workspaceMembers: m, users, userEmails: e } = tables
  const db = useDb()
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, ch => `\\${ch}`)}%` : null
  const where = and(
    eq(m.workspaceId, workspaceId),
    query.kind === 'guests' ? eq(m.role, 'guest') : query.kind === 'members' ? ne(m.role, 'guest') : undefined,
    // lower() on both sides: SQLite's LIKE ignores case, PostgreSQL's does not.
    pattern ? or(sql`lower(${users.name}) like lower(${pattern}) escape '\\'`, sql`lower(${e.email}) like lower(${pattern}) escape '\\'`) : undefined,
  )
  const rows = await db.select({ user: { id: users.id, name: users.name, email: e.email }, role: m.role, seat: m.seat, joinedAt: m.joinedAt })
    .from(m).innerJoin(users, eq(users.id, m.userId))
    .innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
    .where(where).orderBy(asc(users.name), asc(users.id))
    .limit(query.pageSize).offset((query.page - 1) * query.pageSize)
  const items = rows.map(row => ({ ...row, joinedAt: iso(row.joinedAt) }))
  const total = await countOf(db.select({ n: count() }).from(m).innerJoin(users, eq(users.id, m.userId))
    .innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true))).where(where))
  return { items, total }
}

async function requireMember(db: DbOrTx, workspaceId: number, userId: number) {
  const m = tables.workspaceMembers
  const [member] = await db.select().from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId)))
  if (!member) throw apiError('MemberNotFound', 'This person is not in the workspace.')
  return member
}

/** Changes a role and/or seat with every rule of SPEC 3.3, inside the write's transaction so concurrent changes cannot break an invariant. */
export async function changeMember({ tx, workspace, audit }: Caller, userId: number, input: { role?: WorkspaceRole, seat?: Seat }) {
  const m = tables.workspaceMembers
  const member = await requireMember(tx, workspace.id, userId)
  const role = input.role ?? member.role
  if (role === 'admin' && input.seat === 'viewer') throw apiError('WorkspaceAdminRequiresEditorSeat', 'Admins always have an Editor seat.')
  // Promoting to Admin sets the Editor seat.
  const seat: Seat = role === 'admin' ? 'editor' : (input.seat ?? member.seat)
  if (member.role === 'admin' && role !== 'admin') await assertAdminsRemain(tx, workspace, await userName(tx, userId))
  if (role !== member.role) await assertDomainPolicy(tx, workspace, role, await verifiedEmailsOf(tx, userId))
  // Admins do not count toward the plan's user limit; the people they become do.
  if (member.role === 'admin' && role !== 'admin') await assertSeatAvailable(tx, workspace)
  await tx.update(m).set({ role, seat }).where(and(eq(m.workspaceId, workspace.id), eq(m.userId, userId)))
  const demotedRoles = seat === 'viewer' && member.seat === 'editor' ? await capRolesToViewer(tx, workspace.id, userId) : 0
  const ownershipsLost = role === 'guest' && member.role !== 'guest' ? await demoteGuestOwnership(tx, workspace.id, userId) : 0
  const changes = { ...(role !== member.role && { role: { from: member.role, to: role } }), ...(seat !== member.seat && { seat: { from: member.seat, to: seat } }) }
  await audit({ action: 'member.updated', targetType: 'user', targetId: userId, data: { name: await userName(tx, userId), changes, demotedProjectRoles: demotedRoles + ownershipsLost } })
  return { userId, role, seat, demotedProjectRoles: demotedRoles + ownershipsLost }
}

/** Removes someone from the workspace with their seat and every project role they held in it. */
export async function removeMember({ tx, workspace, audit }: Caller, userId: number) {
  const { workspaceMembers: m, projectRoles: r } = tables
  const member = await requireMember(tx, workspace.id, userId)
  if (member.role === 'admin') await assertAdminsRemain(tx, workspace, await userName(tx, userId))
  await tx.delete(r).where(and(eq(r.userId, userId), inArray(r.projectId, workspaceProjectIds(tx, workspace.id))))
  await tx.delete(m).where(and(eq(m.workspaceId, workspace.id), eq(m.userId, userId)))
  await audit({ action: 'member.removed', targetType: 'user', targetId: userId, data: { name: await userName(tx, userId), role: member.role, seat: member.seat } })
}
