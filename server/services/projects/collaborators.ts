import { and, asc, count, eq } from 'drizzle-orm'
import type { SubjectFacts } from '#shared/permissions'
import type { ProjectRole } from '#shared/roles'
import type { Tx } from '../../database'
import type { WriteScope } from '../write-scope'
import { userName } from '../accounts/users'
import { addMember, userByVerifiedEmail } from '../workspaces/rules'
import { emailSubject, userSubject } from '../workspaces/subjects'
import { countOf, tables, useDb } from '../../database'

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
export async function listCollaborators(project: Project) {
  const { projectRoles: r, users, userEmails: e, workspaceMembers: m } = tables
  const db = useDb()
  const workspaceId = workspaceOf(project)
  const user = { id: users.id, name: users.name, email: e.email }
  const explicit = await db.select({ user, role: r.role, workspaceRole: m.role, seat: m.seat }).from(r)
    .innerJoin(users, eq(users.id, r.userId)).innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
    .leftJoin(m, and(eq(m.userId, users.id), eq(m.workspaceId, workspaceId ?? -1)))
    .where(eq(r.projectId, project.id)).orderBy(asc(users.name))
  const admins = workspaceId === null
    ? []
    : await db.select({ user, seat: m.seat }).from(m).innerJoin(users, eq(users.id, m.userId)).innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
        .where(and(eq(m.workspaceId, workspaceId), eq(m.role, 'admin'))).orderBy(asc(users.name))
  const adminIds = new Set(admins.map(a => a.user.id))
  return [
    ...admins.map(a => ({ user: a.user, role: 'owner' as const, workspaceRole: 'admin' as const, seat: a.seat, locked: true, source: 'workspace-admin' as const })),
    ...explicit.filter(x => !adminIds.has(x.user.id)).map(x => ({ ...x, locked: false, source: 'explicit' as const })),
  ]
}

function ownerCount(tx: Tx, projectId: number) {
  const r = tables.projectRoles
  return countOf(tx.select({ n: count() }).from(r).where(and(eq(r.projectId, projectId), eq(r.role, 'owner'))))
}

/** The explicit role someone holds on a project, if any. */
async function explicitRole(tx: Tx, projectId: number, userId: number) {
  const r = tables.projectRoles
  const [role] = await tx.select().from(r).where(and(eq(r.projectId, projectId), eq(r.userId, userId)))
  return role
}

async function membershipIn(tx: Tx, workspaceId: number, userId: number) {
  const m = tables.workspaceMembers
  const [membership] = await tx.select().from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId)))
  return membership
}

/**
 * Gives someone a role on a project with every rule of SPEC 3.3: Admins are locked, Guests never own,
 * a Viewer seat is upgraded for Can edit / Owner, and outsiders join the workspace as Guests (Admins only).
 */
async function applyRole({ tx, project, audit }: Caller, userId: number, role: ProjectRole, allowAddingToWorkspace: boolean) {
  const { workspaceMembers: m, projectRoles: r, workspaces: w } = tables
  let seatUpgraded = false
  let addedAsGuest = false
  const workspaceId = workspaceOf(project)
  if (workspaceId !== null) {
    const membership = await membershipIn(tx, workspaceId, userId)
    if (membership?.role === 'admin') throw apiError('WorkspaceAdminProjectRoleLocked', 'Workspace Admins are Owners of every project; their role cannot be changed here.')
    if (!membership) {
      if (!allowAddingToWorkspace) throw apiError('MemberNotFound', 'This person has no role on the project.')
      // Whether the caller may bring them in was the permission model's call, on `collaboratorSubject`.
      if (role === 'owner') throw apiError('GuestCannotOwnProject', 'They would join as a Guest, and Guests cannot own projects.')
      const [workspace] = await tx.select().from(w).where(eq(w.id, workspaceId))
      await addMember(tx, workspace!, userId, 'guest', role === 'editor' ? 'editor' : 'viewer')
      addedAsGuest = true
    }
    else {
      if (membership.role === 'guest' && role === 'owner') throw apiError('GuestCannotOwnProject', 'Guests can be given Can view or Can edit, never Owner.')
      if (membership.seat === 'viewer' && role !== 'viewer') {
        await tx.update(m).set({ seat: 'editor' }).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId)))
        seatUpgraded = true
      }
    }
  }
  const previous = await explicitRole(tx, project.id, userId)
  if (previous?.role === 'owner' && role !== 'owner' && workspaceId === null && await ownerCount(tx, project.id) <= 1) {
    throw apiError('ProjectLastOwner', 'A project needs at least one Owner.')
  }
  await tx.insert(r).values({ projectId: project.id, userId, role }).onConflictDoUpdate({ target: [r.projectId, r.userId], set: { role } })
  await audit({ action: 'collaborator.set', targetType: 'project', targetId: project.id, data: { name: project.name, user: { id: userId, name: await userName(tx, userId) }, changes: { role: { from: previous?.role ?? null, to: role } }, seatUpgraded, addedAsGuest } })
  return { userId, role, seatUpgraded, addedAsGuest }
}

/**
 * Who adding `email` to the project is about, for the permission model (SPEC 3.3, 3.6): the acting
 * admin themselves, and whether they would join the workspace from outside (only its Admins may do that).
 */
export async function collaboratorSubject(tx: Tx, actorId: number, project: Project, email: string, role: ProjectRole): Promise<SubjectFacts> {
  const facts = await emailSubject(tx, actorId, email)
  const workspaceId = workspaceOf(project)
  if (workspaceId === null) return facts
  const user = await userByVerifiedEmail(tx, email)
  const membership = user ? await membershipIn(tx, workspaceId, user.id) : undefined
  return { ...facts, joinsWorkspace: !!user && !membership, upgradesSeat: raisesSeat(membership, role) }
}

/** Whether giving `role` raises the member's workspace seat (applyRole does so for a Viewer seat). */
const raisesSeat = (membership: { role: string, seat: string } | undefined, role: ProjectRole) =>
  !!membership && membership.role !== 'admin' && membership.seat === 'viewer' && role !== 'viewer'

/** Who changing a collaborator's project role is about, and whether it raises their workspace seat. */
export async function collaboratorChangeSubject(tx: Tx, actorId: number, project: Project, userId: number, role: ProjectRole): Promise<SubjectFacts> {
  const facts = await userSubject(tx, actorId, userId)
  const workspaceId = workspaceOf(project)
  if (workspaceId === null) return facts
  return { ...facts, upgradesSeat: raisesSeat(await membershipIn(tx, workspaceId, userId), role) }
}

/** The account a collaborator email names; the write gate checks it is not the acting support admin. */
export async function collaboratorByEmail(tx: Tx, email: string) {
  const user = await userByVerifiedEmail(tx, email)
  if (!user) throw apiError('UserNotFound', `No account uses ${email}. Invite them to the workspace first.`)
  return user
}

export async function addCollaborator(caller: Caller, email: string, role: ProjectRole) {
  return applyRole(caller, (await collaboratorByEmail(caller.tx, email)).id, role, true)
}

export async function changeCollaborator(caller: Caller, userId: number, role: ProjectRole) {
  const existing = await explicitRole(caller.tx, caller.project.id, userId)
  if (!existing && workspaceOf(caller.project) === null) throw apiError('MemberNotFound', 'This person has no role on the project.')
  return applyRole(caller, userId, role, false)
}

export async function removeCollaborator({ tx, project, audit }: Caller, userId: number) {
  const r = tables.projectRoles
  const workspaceId = workspaceOf(project)
  if (workspaceId !== null) {
    const membership = await membershipIn(tx, workspaceId, userId)
    if (membership?.role === 'admin') throw apiError('WorkspaceAdminProjectRoleLocked', 'Workspace Admins are Owners of every project; they cannot be removed from one.')
  }
  const existing = await explicitRole(tx, project.id, userId)
  if (!existing) throw apiError('MemberNotFound', 'This person has no role on the project.')
  if (existing.role === 'owner' && workspaceId === null && await ownerCount(tx, project.id) <= 1) throw apiError('ProjectLastOwner', 'A project needs at least one Owner.')
  await tx.delete(r).where(and(eq(r.projectId, project.id), eq(r.userId, userId)))
  await audit({ action: 'collaborator.removed', targetType: 'project', targetId: project.id, data: { name: project.name, user: { id: userId, name: await userName(tx, userId) }, role: existing.role } })
}
