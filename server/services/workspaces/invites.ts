import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Seat, WorkspaceRole } from '#shared/roles'
import type { WriteScope } from '../write-scope'
import { addMember, assertSeatAvailable, emailDomain, isMember, userByVerifiedEmail, verifiedEmailsOf, workspaceDomainSet } from './rules'
import { affectedRows, serializeWrites, tables, useDb } from '../../database'

type Workspace = typeof tables.workspaces.$inferSelect

function serializeInvite(i: typeof tables.workspaceInvites.$inferSelect) {
  return { id: i.id, email: i.email, role: i.role, seat: i.seat, status: i.status, createdAt: iso(i.createdAt) }
}

export async function listInvites(workspaceId: number) {
  const i = tables.workspaceInvites
  const rows = await useDb().select().from(i).where(and(eq(i.workspaceId, workspaceId), eq(i.status, 'pending'))).orderBy(desc(i.id))
  return rows.map(serializeInvite)
}

/**
 * Only Admins invite. The invitee accepts while signed in with an account holding that email.
 * An invite made under a support session remembers it, so it can never be accepted by its creator or any server admin.
 */
export async function createInvite({ tx, actor, workspace, audit, supportSessionId }: WriteScope & { workspace: Workspace }, input: { email: string, role: WorkspaceRole, seat: Seat }) {
  const seat: Seat = input.role === 'admin' ? 'editor' : input.seat
  const i = tables.workspaceInvites
  const existing = await userByVerifiedEmail(tx, input.email)
  if (existing && await isMember(tx, workspace.id, existing.id)) throw apiError('AlreadyMember', `${input.email} is already in this workspace.`)
  if (input.role !== 'admin') await assertSeatAvailable(tx, workspace)
  if (workspace.domainProtection && input.role !== 'guest' && !(await workspaceDomainSet(tx, workspace.id)).has(emailDomain(input.email))) {
    throw apiError('WorkspaceDomainPolicy', 'Domain protection is on: only emails at a workspace domain can join as Member or Admin. Invite them as a Guest instead.')
  }
  // A new invite to the same email replaces the old one, and its event names the one it replaced.
  const replaced = await tx.update(i).set({ status: 'revoked' }).where(and(eq(i.workspaceId, workspace.id), eq(i.email, input.email), eq(i.status, 'pending'))).returning({ id: i.id })
  const [invite] = await tx.insert(i).values({ workspaceId: workspace.id, email: input.email, role: input.role, seat, invitedBy: actor.id, supportSessionId }).returning()
  // Recording it sends the invitee the invitation (announcements.ts).
  await audit({ action: 'invite.created', targetType: 'invite', targetId: invite!.id, data: { email: input.email, role: input.role, seat, ...(replaced.length ? { replaces: replaced.map(r => r.id) } : {}) } })
  return serializeInvite(invite!)
}

export async function revokeInvite({ tx, workspace, audit }: WriteScope & { workspace: Workspace }, id: number) {
  const i = tables.workspaceInvites
  const [revoked] = await tx.update(i).set({ status: 'revoked' }).where(and(eq(i.id, id), eq(i.workspaceId, workspace.id), eq(i.status, 'pending'))).returning({ email: i.email })
  if (!revoked) throw apiError('InviteNotFound', 'Invite not found or no longer pending.')
  await audit({ action: 'invite.revoked', targetType: 'invite', targetId: id, data: { email: revoked.email } })
}

/** Pending invites addressed to any verified email of this user, for the home page. */
export async function listMyInvites(userId: number) {
  const { workspaceInvites: i, workspaces: w, users: u } = tables
  const db = useDb()
  const emails = await verifiedEmailsOf(db, userId)
  if (!emails.length) return []
  const rows = await db.select({ invite: i, workspace: { slug: w.slug, name: w.name }, inviter: u.name }).from(i).innerJoin(w, eq(w.id, i.workspaceId))
    .leftJoin(u, eq(u.id, i.invitedBy))
    .where(and(inArray(i.email, emails), eq(i.status, 'pending'))).orderBy(desc(i.id))
  // Who invited them, so the invitee can tell an expected invitation from a stranger's (issue 35).
  return rows.map(({ invite, workspace, inviter }) => ({ ...serializeInvite(invite), workspace, invitedBy: inviter ? { name: inviter } : null }))
}

/**
 * The invitee says no (issue 35): the invite is closed as declined, in the workspace's audit log, and
 * can no longer be accepted. Only an invite to one of the caller's verified emails; any other reads as missing.
 */
export async function declineInvite({ tx, actor, audit }: WriteScope, id: number) {
  const i = tables.workspaceInvites
  const [invite] = await tx.select().from(i).where(eq(i.id, id))
  const emails = await verifiedEmailsOf(tx, actor.id)
  if (!invite || !emails.includes(invite.email)) throw apiError('InviteNotFound', 'Invite not found.')
  await serializeWrites(tx, `workspace:${invite.workspaceId}`)
  const declined = await tx.update(i).set({ status: 'declined' }).where(and(eq(i.id, id), eq(i.status, 'pending')))
  if (affectedRows(declined) === 0) throw apiError('InviteNotPending', 'This invite was already used or revoked.')
  await audit({ workspaceId: invite.workspaceId, action: 'invite.declined', targetType: 'invite', targetId: id, data: { email: invite.email, role: invite.role, seat: invite.seat } })
  return { declined: true as const }
}

export async function acceptInvite({ tx, actor, audit }: WriteScope, id: number) {
  const { workspaceInvites: i, workspaces: w } = tables
  const [invite] = await tx.select().from(i).where(eq(i.id, id))
  const emails = await verifiedEmailsOf(tx, actor.id)
  // Someone else's invite reads as missing: it says nothing about who was invited where.
  if (!invite || !emails.includes(invite.email)) throw apiError('InviteNotFound', 'Invite not found.')
  if (invite.status !== 'pending') throw apiError('InviteNotPending', 'This invite was already used or revoked.')
  if (invite.supportSessionId !== null && invite.invitedBy === actor.id) {
    throw apiError('SupportSelfGrant', 'You made this invite under a support session, so you cannot accept it. Ask a workspace admin to invite you.')
  }
  // Nor by any server admin: their address may have been added to their account after the invite was made,
  // and one server admin's session must not let another in (SPEC 3.6).
  if (invite.supportSessionId !== null && actor.serverRole === 'admin') {
    throw apiError('SupportSelfGrant', 'This invite was made under a support session, so a server admin cannot accept it. Ask a workspace admin to invite you.')
  }
  await serializeWrites(tx, `workspace:${invite.workspaceId}`)
  const [workspace] = await tx.select().from(w).where(eq(w.id, invite.workspaceId))
  if (!workspace) throw apiError('InviteNotFound', 'Invite not found.')
  if (await isMember(tx, workspace.id, actor.id)) throw apiError('AlreadyMember', 'You are already in this workspace.')
  const claimed = await tx.update(i).set({ status: 'accepted', acceptedAt: new Date() }).where(and(eq(i.id, id), eq(i.status, 'pending')))
  if (affectedRows(claimed) === 0) throw apiError('InviteNotPending', 'This invite was already used or revoked.')
  await addMember(tx, workspace, actor.id, invite.role, invite.seat)
  await audit({ workspaceId: workspace.id, action: 'invite.accepted', targetType: 'invite', targetId: id, data: { email: invite.email, role: invite.role, seat: invite.seat } })
  return { workspace: { slug: workspace.slug, name: workspace.name }, role: invite.role, seat: invite.seat }
}
