import { and, desc, eq, inArray, notExists } from 'drizzle-orm'
import type { SubjectFacts } from '#shared/permissions'
import type { DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { activeSupportSessionId } from '../support/queries'
import { userName } from '../accounts/users'
import { addMember, emailDomain, isMember, verifiedEmailsOf } from './rules'
import { affectedRows, serializeWrites, tables, useDb } from '../../database'

type Workspace = typeof tables.workspaces.$inferSelect

/** Discoverable workspaces with a domain matching one of my verified emails, that I am not in yet. */
export async function listDiscoverable(userId: number, db: DbOrTx = useDb()) {
  const { workspaces: w, workspaceDomains: d, workspaceMembers: m, workspaceJoinRequests: j } = tables
  const domains = [...new Set((await verifiedEmailsOf(db, userId)).map(emailDomain))]
  if (!domains.length) return []
  const rows = await db.selectDistinct({ id: w.id, slug: w.slug, name: w.name, autoJoin: w.autoJoin }).from(w)
    .innerJoin(d, eq(d.workspaceId, w.id))
    .where(and(eq(w.discoverable, true), inArray(d.domain, domains),
      notExists(db.select({ x: m.userId }).from(m).where(and(eq(m.workspaceId, w.id), eq(m.userId, userId))))))
  const requests = await db.select({ workspaceId: j.workspaceId }).from(j).where(and(eq(j.userId, userId), eq(j.status, 'pending')))
  const pending = new Set(requests.map(r => r.workspaceId))
  return rows.map(row => ({ ...row, requested: pending.has(row.id) }))
}

async function discoverableFor(db: DbOrTx, userId: number, slug: string): Promise<Workspace> {
  const found = (await listDiscoverable(userId, db)).find(w => w.slug === slug)
  const [workspace] = found ? await db.select().from(tables.workspaces).where(eq(tables.workspaces.id, found.id)) : []
  if (!workspace) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return workspace
}

/**
 * Asks to join; with auto-join on, joins at once as Member with a Viewer seat. A server admin never
 * joins by auto-join (SPEC 3.6: a session could have switched it on and added a domain of theirs): their
 * request always waits for a workspace Admin, who approves it outside any session. A request made while
 * they hold a session for the workspace is marked so that it can never be approved.
 */
export async function requestToJoin({ tx, actor, audit }: WriteScope, slug: string) {
  const workspace = await discoverableFor(tx, actor.id, slug)
  await serializeWrites(tx, `workspace:${workspace.id}`)
  const j = tables.workspaceJoinRequests
  const supportSessionId = await activeSupportSessionId(tx, actor.id, workspace.id)
  if (workspace.autoJoin && actor.serverRole !== 'admin') {
    await addMember(tx, workspace, actor.id, 'member', 'viewer')
    await audit({ workspaceId: workspace.id, action: 'member.auto_joined', targetType: 'user', targetId: actor.id, data: { name: actor.name } })
    return { joined: true, request: null }
  }
  const [open] = await tx.select().from(j).where(and(eq(j.workspaceId, workspace.id), eq(j.userId, actor.id), eq(j.status, 'pending')))
  if (open) return { joined: false, request: { id: open.id, status: open.status } }
  const [request] = await tx.insert(j).values({ workspaceId: workspace.id, userId: actor.id, supportSessionId }).returning()
  if (!request) throw new Error('join request insert returned nothing')
  // Recording it tells every Admin of the workspace (announcements.ts).
  await audit({ workspaceId: workspace.id, action: 'join_request.created', targetType: 'join_request', targetId: request.id, data: { user: { id: actor.id, name: actor.name } } })
  return { joined: false, request: { id: request.id, status: request.status } }
}

export async function listJoinRequests(workspaceId: number) {
  const { workspaceJoinRequests: j, users, userEmails: e } = tables
  const rows = await useDb().select({ id: j.id, status: j.status, createdAt: j.createdAt, user: { id: users.id, name: users.name, email: e.email } })
    .from(j).innerJoin(users, eq(users.id, j.userId)).innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
    .where(and(eq(j.workspaceId, workspaceId), eq(j.status, 'pending'))).orderBy(desc(j.id))
  return rows.map(r => ({ ...r, createdAt: iso(r.createdAt) }))
}

/**
 * Who approving a join request is about, for the permission model: the acting admin themselves, or a
 * server admin, whom no support session may let in (SPEC 3.6).
 */
export async function joinRequestSubject(db: DbOrTx, actorId: number, workspaceId: number, id: number): Promise<SubjectFacts> {
  const { workspaceJoinRequests: j, users } = tables
  const [request] = await db.select({ userId: j.userId, serverRole: users.serverRole }).from(j).innerJoin(users, eq(users.id, j.userId))
    .where(and(eq(j.id, id), eq(j.workspaceId, workspaceId)))
  return { isActor: request?.userId === actorId, admitsServerAdmin: request?.serverRole === 'admin' }
}

/** Approve adds the person as Member + Viewer; deny closes the request. One guarded update decides. */
export async function decideJoinRequest({ tx, actor, workspace, audit }: WriteScope & { workspace: Workspace }, id: number, decision: 'approved' | 'denied') {
  const j = tables.workspaceJoinRequests
  const [request] = await tx.select().from(j).where(and(eq(j.id, id), eq(j.workspaceId, workspace.id)))
  if (!request) throw apiError('JoinRequestNotFound', 'Join request not found.')
  if (decision === 'approved' && request.supportSessionId !== null) {
    throw apiError('SupportSelfGrant', 'This request was made under a support session, so it cannot be approved. Invite the person instead.')
  }
  const won = await tx.update(j).set({ status: decision, decidedBy: actor.id, decidedAt: new Date() }).where(and(eq(j.id, id), eq(j.status, 'pending')))
  if (affectedRows(won) === 0) throw apiError('JoinRequestNotPending', 'This join request was already decided.')
  if (decision === 'approved' && !await isMember(tx, workspace.id, request.userId)) await addMember(tx, workspace, request.userId, 'member', 'viewer')
  await audit({ action: `join_request.${decision}`, targetType: 'join_request', targetId: id, data: { user: { id: request.userId, name: await userName(tx, request.userId) } } })
  return { id, status: decision }
}
