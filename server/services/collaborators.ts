import { and, asc, count, eq } from 'drizzle-orm'
import type { ProjectRole } from '#shared/roles'
import type { Tx } from '../database/connection'
import type { WriteScope } from '../utils/write-scope'
import { userName } from './users'
import { addMember, userByVerifiedEmail } from './workspace-rules'

type Project = typeof tables.projects.$inferSelect
type Caller = WriteScope & { project: Project }

/**
 * Whether workspace rules apply to this project. Without a license there are no workspaces (SPEC 3.4):
 * every project is handled as a personal one, and workspace tables are never touched.
 */
function workspaceOf(project: Project): number | null {
  return useServerSettings().enterpriseLicense ? project.workspaceId : null
}

/** Explicit roles, plus the workspace Admins' implicit Owner role (locked: it cannot be changed here). */
export function listCollaborators(project: Project) {
  const { projectRoles: r, users, userEmails: e, workspaceMembers: m } = tables
  const db = useDb()
  const workspaceId = workspaceOf(project)
  const user = { id: users.id, name: users.name, email: e.email }
  const explicit = db.select({ user, role: r.role, workspaceRole: m.role, seat: m.seat }).from(r)
    .innerJoin(users, eq(users.id, r.userId)).innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
    .leftJoin(m, and(eq(m.userId, users.id), eq(m.workspaceId, workspaceId ?? -1)))
    .where(eq(r.projectId, project.id)).orderBy(asc(users.name)).all()
  const admins = workspaceId === null
    ? []
    : db.select({ user, seat: m.seat }).from(m).innerJoin(users, eq(users.id, m.userId)).innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
        .where(and(eq(m.workspaceId, workspaceId), eq(m.role, 'admin'))).orderBy(asc(users.name)).all()
  const adminIds = new Set(admins.map(a => a.user.id))
  return [
    ...admins.map(a => ({ user: a.user, role: 'owner' as const, workspaceRole: 'admin' as const, seat: a.seat, locked: true, source: 'workspace-admin' as const })),
    ...explicit.filter(x => !adminIds.has(x.user.id)).map(x => ({ ...x, locked: false, source: 'explicit' as const })),
  ]
}

function ownerCount(tx: Tx, projectId: number) {
  const r = tables.projectRoles
  return tx.select({ n: count() }).from(r).where(and(eq(r.projectId, projectId), eq(r.role, 'owner'))).get()?.n ?? 0
}

/**
 * Gives someone a role on a project with every rule of SPEC 3.3: Admins are locked, Guests never own,
 * a Viewer seat is upgraded for Can edit / Owner, and outsiders join the workspace as Guests (Admins only).
 */
function applyRole({ tx, actor, project, facts, audit }: Caller, userId: number, role: ProjectRole, allowAddingToWorkspace: boolean) {
  const { workspaceMembers: m, projectRoles: r, workspaces: w } = tables
  let seatUpgraded = false
  let addedAsGuest = false
  const workspaceId = workspaceOf(project)
  if (workspaceId !== null) {
    const membership = tx.select().from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId))).get()
    if (membership?.role === 'admin') throw apiError('WorkspaceAdminProjectRoleLocked', 'Workspace Admins are Owners of every project; their role cannot be changed here.')
    if (!membership) {
      if (!allowAddingToWorkspace) throw apiError('MemberNotFound', 'This person has no role on the project.')
      const canInvite = facts.workspaceRole === 'admin' || (actor.serverRole === 'admin' && facts.activeSupportSession)
      if (!canInvite) throw apiError('WorkspaceInviteAdminOnly', 'Only workspace Admins can add people from outside the workspace.')
      if (role === 'owner') throw apiError('GuestCannotOwnProject', 'They would join as a Guest, and Guests cannot own projects.')
      const workspace = tx.select().from(w).where(eq(w.id, workspaceId)).get()!
      addMember(tx, workspace, userId, 'guest', role === 'editor' ? 'editor' : 'viewer')
      addedAsGuest = true
    }
    else {
      if (membership.role === 'guest' && role === 'owner') throw apiError('GuestCannotOwnProject', 'Guests can be given Can view or Can edit, never Owner.')
      if (membership.seat === 'viewer' && role !== 'viewer') {
        tx.update(m).set({ seat: 'editor' }).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId))).run()
        seatUpgraded = true
      }
    }
  }
  const previous = tx.select().from(r).where(and(eq(r.projectId, project.id), eq(r.userId, userId))).get()
  if (previous?.role === 'owner' && role !== 'owner' && workspaceId === null && ownerCount(tx, project.id) <= 1) {
    throw apiError('ProjectLastOwner', 'A project needs at least one Owner.')
  }
  tx.insert(r).values({ projectId: project.id, userId, role }).onConflictDoUpdate({ target: [r.projectId, r.userId], set: { role } }).run()
  audit({ action: 'collaborator.set', targetType: 'project', targetId: project.id, data: { name: project.name, user: { id: userId, name: userName(tx, userId) }, changes: { role: { from: previous?.role ?? null, to: role } }, seatUpgraded, addedAsGuest } })
  return { userId, role, seatUpgraded, addedAsGuest }
}

/** The account a collaborator email names; the write gate checks it is not the acting support admin. */
export function collaboratorByEmail(tx: Tx, email: string) {
  const user = userByVerifiedEmail(tx, email)
  if (!user) throw apiError('UserNotFound', `No account uses ${email}. Invite them to the workspace first.`)
  return user
}

export function addCollaborator(caller: Caller, email: string, role: ProjectRole) {
  return applyRole(caller, collaboratorByEmail(caller.tx, email).id, role, true)
}

export function changeCollaborator(caller: Caller, userId: number, role: ProjectRole) {
  const r = tables.projectRoles
  const existing = caller.tx.select().from(r).where(and(eq(r.projectId, caller.project.id), eq(r.userId, userId))).get()
  if (!existing && workspaceOf(caller.project) === null) throw apiError('MemberNotFound', 'This person has no role on the project.')
  return applyRole(caller, userId, role, false)
}

export function removeCollaborator({ tx, project, audit }: Caller, userId: number) {
  const { projectRoles: r, workspaceMembers: m } = tables
  const workspaceId = workspaceOf(project)
  if (workspaceId !== null) {
    const membership = tx.select({ role: m.role }).from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId))).get()
    if (membership?.role === 'admin') throw apiError('WorkspaceAdminProjectRoleLocked', 'Workspace Admins are Owners of every project; they cannot be removed from one.')
  }
  const existing = tx.select().from(r).where(and(eq(r.projectId, project.id), eq(r.userId, userId))).get()
  if (!existing) throw apiError('MemberNotFound', 'This person has no role on the project.')
  if (existing.role === 'owner' && workspaceId === null && ownerCount(tx, project.id) <= 1) throw apiError('ProjectLastOwner', 'A project needs at least one Owner.')
  tx.delete(r).where(and(eq(r.projectId, project.id), eq(r.userId, userId))).run()
  audit({ action: 'collaborator.removed', targetType: 'project', targetId: project.id, data: { name: project.name, user: { id: userId, name: userName(tx, userId) }, role: existing.role } })
}
