import { and, desc, eq, inArray, notExists } from 'drizzle-orm'
import type { DbOrTx } from '../database/connection'
import type { WriteScope } from '../utils/write-scope'
import { activeSupportSessionId } from './support/queries'
import { queueEmail } from './mail'
import { composeEmail } from './mail-templates'
import { userName } from './users'
import { workspaceAdminContacts } from './workspace-admins'
import { addMember, emailDomain, isMember, verifiedEmailsOf } from './workspace-rules'

type Workspace = typeof tables.workspaces.$inferSelect

/** Discoverable workspaces with a domain matching one of my verified emails, that I am not in yet. */
export function listDiscoverable(userId: number) {
  const { workspaces: w, workspaceDomains: d, workspaceMembers: m, workspaceJoinRequests: j } = tables
  const db = useDb()
  const domains = [...new Set(verifiedEmailsOf(db, userId).map(emailDomain))]
  if (!domains.length) return []
  const rows = db.selectDistinct({ id: w.id, slug: w.slug, name: w.name, autoJoin: w.autoJoin }).from(w)
    .innerJoin(d, eq(d.workspaceId, w.id))
    .where(and(eq(w.discoverable, true), inArray(d.domain, domains),
      notExists(db.select({ x: m.userId }).from(m).where(and(eq(m.workspaceId, w.id), eq(m.userId, userId))))))
    .all()
  const pending = new Set(db.select({ workspaceId: j.workspaceId }).from(j).where(and(eq(j.userId, userId), eq(j.status, 'pending'))).all().map(r => r.workspaceId))
  return rows.map(row => ({ ...row, requested: pending.has(row.id) }))
}

function discoverableFor(db: DbOrTx, userId: number, slug: string): Workspace {
  const found = listDiscoverable(userId).find(w => w.slug === slug)
  if (!found) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return db.select().from(tables.workspaces).where(eq(tables.workspaces.id, found.id)).get()!
}

/**
 * Asks to join; with auto-join on, joins at once as Member with a Viewer seat. A server admin holding a
 * support session for the workspace cannot join through it (SPEC 3.6): auto-join is refused, and a request
 * made then is marked so that it can never be approved.
 */
export function requestToJoin({ tx, actor, audit }: WriteScope, slug: string) {
  const workspace = discoverableFor(tx, actor.id, slug)
  const j = tables.workspaceJoinRequests
  const supportSessionId = activeSupportSessionId(tx, actor.id, workspace.id)
  if (workspace.autoJoin) {
    if (supportSessionId !== null) throw apiError('SupportSelfGrant', 'You hold a support session for this workspace, so you cannot join it now. End the session first, or ask a workspace admin.')
    addMember(tx, workspace, actor.id, 'member', 'viewer')
    audit({ workspaceId: workspace.id, action: 'member.auto_joined', targetType: 'user', targetId: actor.id, data: { name: actor.name } })
    return { joined: true, request: null }
  }
  const open = tx.select().from(j).where(and(eq(j.workspaceId, workspace.id), eq(j.userId, actor.id), eq(j.status, 'pending'))).get()
  if (open) return { joined: false, request: { id: open.id, status: open.status } }
  const request = tx.insert(j).values({ workspaceId: workspace.id, userId: actor.id, supportSessionId }).returning().get()
  audit({ workspaceId: workspace.id, action: 'join_request.created', targetType: 'join_request', targetId: request.id, data: { user: { id: actor.id, name: actor.name } } })
  for (const admin of workspaceAdminContacts(tx, workspace.id)) {
    queueEmail(tx, composeEmail(admin.email, `${actor.name} asks to join ${workspace.name}`, [
      `Hi ${admin.name},`,
      `${actor.name} (${actor.email}) asks to join ${workspace.name}.`,
    ], { label: 'Review join requests', path: `/settings/workspaces/${workspace.slug}/people?tab=requests` }))
  }
  return { joined: false, request: { id: request.id, status: request.status } }
}

export function listJoinRequests(workspaceId: number) {
  const { workspaceJoinRequests: j, users, userEmails: e } = tables
  return useDb().select({ id: j.id, status: j.status, createdAt: j.createdAt, user: { id: users.id, name: users.name, email: e.email } })
    .from(j).innerJoin(users, eq(users.id, j.userId)).innerJoin(e, and(eq(e.userId, users.id), eq(e.primary, true)))
    .where(and(eq(j.workspaceId, workspaceId), eq(j.status, 'pending'))).orderBy(desc(j.id)).all()
    .map(r => ({ ...r, createdAt: iso(r.createdAt) }))
}

/** The person a join request is from, for the write gate's subject check. */
export function joinRequestUserId(db: DbOrTx, workspaceId: number, id: number): number | null {
  const j = tables.workspaceJoinRequests
  return db.select({ userId: j.userId }).from(j).where(and(eq(j.id, id), eq(j.workspaceId, workspaceId))).get()?.userId ?? null
}

/** Approve adds the person as Member + Viewer; deny closes the request. One guarded update decides. */
export function decideJoinRequest({ tx, actor, workspace, audit }: WriteScope & { workspace: Workspace }, id: number, decision: 'approved' | 'denied') {
  const j = tables.workspaceJoinRequests
  const request = tx.select().from(j).where(and(eq(j.id, id), eq(j.workspaceId, workspace.id))).get()
  if (!request) throw apiError('JoinRequestNotFound', 'Join request not found.')
  if (decision === 'approved' && request.supportSessionId !== null) {
    throw apiError('SupportSelfGrant', 'This request was made under a support session, so it cannot be approved. Invite the person instead.')
  }
  const won = tx.update(j).set({ status: decision, decidedBy: actor.id, decidedAt: new Date() }).where(and(eq(j.id, id), eq(j.status, 'pending'))).run()
  if (won.changes === 0) throw apiError('JoinRequestNotPending', 'This join request was already decided.')
  if (decision === 'approved' && !isMember(tx, workspace.id, request.userId)) addMember(tx, workspace, request.userId, 'member', 'viewer')
  audit({ action: `join_request.${decision}`, targetType: 'join_request', targetId: id, data: { user: { id: request.userId, name: userName(tx, request.userId) } } })
  return { id, status: decision }
}
