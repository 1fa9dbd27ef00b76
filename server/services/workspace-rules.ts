import { and, count, eq, inArray, isNotNull, ne } from 'drizzle-orm'
import { PLAN_USER_LIMITS, type Plan, type WorkspaceRole } from '#shared/roles'
import type { DbOrTx } from '../database/connection'

/** SPEC 3.3 checks shared by members, invites, join requests and collaborators. Call inside the writing transaction. */

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase()
}

export function workspaceDomainSet(db: DbOrTx, workspaceId: number): Set<string> {
  const d = tables.workspaceDomains
  return new Set(db.select({ domain: d.domain }).from(d).where(eq(d.workspaceId, workspaceId)).all().map(r => r.domain))
}

export function verifiedEmailsOf(db: DbOrTx, userId: number): string[] {
  const e = tables.userEmails
  return db.select({ email: e.email }).from(e).where(and(eq(e.userId, userId), isNotNull(e.verifiedAt))).all().map(r => r.email)
}

/** Domain protection: Members and Admins need a verified email at a workspace domain; Guests are exempt. */
export function assertDomainPolicy(db: DbOrTx, workspace: { id: number, domainProtection: boolean }, role: WorkspaceRole, emails: string[]) {
  if (!workspace.domainProtection || role === 'guest') return
  const domains = workspaceDomainSet(db, workspace.id)
  if (!emails.some(email => domains.has(emailDomain(email)))) {
    throw apiError('WorkspaceDomainPolicy', 'Domain protection is on: Members and Admins need a verified email at one of the workspace domains. Add them as a Guest instead.')
  }
}

/** Members and Guests count toward the plan's user limit. */
export function assertSeatAvailable(db: DbOrTx, workspace: { id: number, plan: Plan }, adding = 1) {
  const limit = PLAN_USER_LIMITS[workspace.plan]
  if (limit === null) return
  const m = tables.workspaceMembers
  const used = db.select({ n: count() }).from(m).where(and(eq(m.workspaceId, workspace.id), ne(m.role, 'admin'))).get()?.n ?? 0
  if (used + adding > limit) throw apiError('WorkspaceLimitsReached', `The ${workspace.plan} plan allows ${limit} members and guests. Upgrade the plan or remove someone first.`)
}

export function adminCount(db: DbOrTx, workspaceId: number): number {
  const m = tables.workspaceMembers
  return db.select({ n: count() }).from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.role, 'admin'))).get()?.n ?? 0
}

/** Project ids of a workspace, for changes that sweep a person's roles across it. */
export function workspaceProjectIds(db: DbOrTx, workspaceId: number) {
  const p = tables.projects
  return db.select({ id: p.id }).from(p).where(eq(p.workspaceId, workspaceId))
}

/** A Viewer seat caps at Can view: turn explicit Owner / Can edit roles in the workspace into Can view. */
export function capRolesToViewer(db: DbOrTx, workspaceId: number, userId: number): number {
  const r = tables.projectRoles
  return db.update(r).set({ role: 'viewer' })
    .where(and(eq(r.userId, userId), inArray(r.role, ['owner', 'editor']), inArray(r.projectId, workspaceProjectIds(db, workspaceId)))).run().changes
}

/** A Guest can never own a project: their explicit Owner roles become Can edit. */
export function demoteGuestOwnership(db: DbOrTx, workspaceId: number, userId: number): number {
  const r = tables.projectRoles
  return db.update(r).set({ role: 'editor' })
    .where(and(eq(r.userId, userId), eq(r.role, 'owner'), inArray(r.projectId, workspaceProjectIds(db, workspaceId)))).run().changes
}

/** Adds a person to a workspace after the plan limit and domain checks (Admins do not count toward the limit). */
export function addMember(db: DbOrTx, workspace: { id: number, plan: Plan, domainProtection: boolean }, userId: number, role: WorkspaceRole, seat: 'editor' | 'viewer') {
  if (role !== 'admin') assertSeatAvailable(db, workspace)
  assertDomainPolicy(db, workspace, role, verifiedEmailsOf(db, userId))
  db.insert(tables.workspaceMembers).values({ workspaceId: workspace.id, userId, role, seat: role === 'admin' ? 'editor' : seat }).run()
}

export function isMember(db: DbOrTx, workspaceId: number, userId: number): boolean {
  const m = tables.workspaceMembers
  return !!db.select({ userId: m.userId }).from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId))).get()
}

/** Whether an address is one of the user's own, verified or not (SPEC 3.6: a session never invites its holder). */
export function isEmailOf(db: DbOrTx, userId: number, email: string): boolean {
  const e = tables.userEmails
  return !!db.select({ id: e.id }).from(e).where(and(eq(e.userId, userId), eq(e.email, email))).get()
}

/** The account holding a verified email, if any. */
export function userByVerifiedEmail(db: DbOrTx, email: string) {
  const { userEmails: e, users } = tables
  return db.select({ id: users.id, name: users.name }).from(e).innerJoin(users, eq(users.id, e.userId))
    .where(and(eq(e.email, email), isNotNull(e.verifiedAt))).get() ?? null
}
