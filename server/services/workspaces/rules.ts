import { and, count, eq, inArray, isNotNull, ne } from 'drizzle-orm'
import { PLAN_USER_LIMITS, type Plan, type WorkspaceRole } from '#shared/roles'
import type { DbOrTx } from '../../database'
import { affectedRows, anyRow, countOf, tables } from '../../database'

/** SPEC 3.3 checks shared by members, invites, join requests and collaborators. Call inside the writing transaction. */

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase()
}

export async function workspaceDomainSet(db: DbOrTx, workspaceId: number): Promise<Set<string>> {
  const d = tables.workspaceDomains
  const rows = await db.select({ domain: d.domain }).from(d).where(eq(d.workspaceId, workspaceId))
  return new Set(rows.map(r => r.domain))
}

export async function verifiedEmailsOf(db: DbOrTx, userId: number): Promise<string[]> {
  const e = tables.userEmails
  const rows = await db.select({ email: e.email }).from(e).where(and(eq(e.userId, userId), isNotNull(e.verifiedAt)))
  return rows.map(r => r.email)
}

/** Domain protection: Members and Admins need a verified email at a workspace domain; Guests are exempt. */
export async function assertDomainPolicy(db: DbOrTx, workspace: { id: number, domainProtection: boolean }, role: WorkspaceRole, emails: string[]) {
  if (!workspace.domainProtection || role === 'guest') return
  const domains = await workspaceDomainSet(db, workspace.id)
  if (!emails.some(email => domains.has(emailDomain(email)))) {
    throw apiError('WorkspaceDomainPolicy', 'Domain protection is on: Members and Admins need a verified email at one of the workspace domains. Add them as a Guest instead.')
  }
}

/** Members and Guests count toward the plan's user limit. */
export async function assertSeatAvailable(db: DbOrTx, workspace: { id: number, plan: Plan }, adding = 1) {
  const limit = PLAN_USER_LIMITS[workspace.plan]
  if (limit === null) return
  const m = tables.workspaceMembers
  const used = await countOf(db.select({ n: count() }).from(m).where(and(eq(m.workspaceId, workspace.id), ne(m.role, 'admin'))))
  if (used + adding > limit) throw apiError('WorkspaceLimitsReached', `The ${workspace.plan} plan allows ${limit} members and guests. Upgrade the plan or remove someone first.`)
}

export async function adminCount(db: DbOrTx, workspaceId: number): Promise<number> {
  const m = tables.workspaceMembers
  return countOf(db.select({ n: count() }).from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.role, 'admin'))))
}

/**
 * Refuses taking the Admin role from `name` when the workspace would be left with too few Admins: none
 * at all, or fewer than its support policy's approvals need, which would leave every support request
 * unapprovable without anyone being told (SPEC 3.7). Counted inside the write's transaction.
 */
export async function assertAdminsRemain(db: DbOrTx, workspace: { id: number, name: string, supportApprovalsRequired: number }, name: string, self = false) {
  const left = await adminCount(db, workspace.id) - 1
  // Spoken to the person when it is their own account (deleting it), of them otherwise.
  if (left < 1) {
    throw apiError('WorkspaceLastAdmin', self
      ? `You are the last Admin of ${workspace.name}: make someone else Admin first.`
      : `${name} is the last Admin of ${workspace.name}. Promote someone else first.`)
  }
  const needed = workspace.supportApprovalsRequired
  if (left < needed) {
    throw apiError('SupportPolicyUnsatisfiable', `${workspace.name}'s support policy needs ${needed} approvals from different Admins; without ${self ? 'you' : name} only ${left} Admin would remain. Set the policy to one approval first, or make someone else an Admin.`, { approvalsRequired: needed, adminsLeft: left }, { conflict: true })
  }
}

/** Project ids of a workspace, for changes that sweep a person's roles across it. */
export function workspaceProjectIds(db: DbOrTx, workspaceId: number) {
  const p = tables.projects
  return db.select({ id: p.id }).from(p).where(eq(p.workspaceId, workspaceId))
}

/** A Viewer seat caps at Can view: turn explicit Owner / Can edit roles in the workspace into Can view. */
export async function capRolesToViewer(db: DbOrTx, workspaceId: number, userId: number): Promise<number> {
  const r = tables.projectRoles
  return affectedRows(await db.update(r).set({ role: 'viewer' })
    .where(and(eq(r.userId, userId), inArray(r.role, ['owner', 'editor']), inArray(r.projectId, workspaceProjectIds(db, workspaceId)))))
}

/** A Guest can never own a project: their explicit Owner roles become Can edit. */
export async function demoteGuestOwnership(db: DbOrTx, workspaceId: number, userId: number): Promise<number> {
  const r = tables.projectRoles
  return affectedRows(await db.update(r).set({ role: 'editor' })
    .where(and(eq(r.userId, userId), eq(r.role, 'owner'), inArray(r.projectId, workspaceProjectIds(db, workspaceId)))))
}

/** Adds a person to a workspace after the plan limit and domain checks (Admins do not count toward the limit). */
export async function addMember(db: DbOrTx, workspace: { id: number, plan: Plan, domainProtection: boolean }, userId: number, role: WorkspaceRole, seat: 'editor' | 'viewer') {
  if (role !== 'admin') await assertSeatAvailable(db, workspace)
  await assertDomainPolicy(db, workspace, role, await verifiedEmailsOf(db, userId))
  await db.insert(tables.workspaceMembers).values({ workspaceId: workspace.id, userId, role, seat: role === 'admin' ? 'editor' : seat })
}

export async function isMember(db: DbOrTx, workspaceId: number, userId: number): Promise<boolean> {
  const m = tables.workspaceMembers
  return anyRow(db.select({ userId: m.userId }).from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId))))
}

/** Whether an address is one of the user's own, verified or not (SPEC 3.6: a session never invites its holder). */
export async function isEmailOf(db: DbOrTx, userId: number, email: string): Promise<boolean> {
  const e = tables.userEmails
  return anyRow(db.select({ id: e.id }).from(e).where(and(eq(e.userId, userId), eq(e.email, email))))
}

/** The account holding a verified email, if any. */
export async function userByVerifiedEmail(db: DbOrTx, email: string) {
  const { userEmails: e, users } = tables
  const [user] = await db.select({ id: users.id, name: users.name }).from(e).innerJoin(users, eq(users.id, e.userId))
    .where(and(eq(e.email, email), isNotNull(e.verifiedAt)))
  return user ?? null
}
