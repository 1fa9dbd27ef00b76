import { and, eq, inArray, ne, or, type SQL } from 'drizzle-orm'
import type { SupportStatus } from '#shared/support/status'
import { tables, useDb } from '../../database'

/**
 * What open tabs hear of support sessions (SPEC 3.8), and who may hear it. The live bus
 * (services/live/bus.ts) carries the events and asks these rules who may hear each.
 */
export interface SupportLiveEvent {
  type: 'support'
  workspaceId: number
  workspace: string
  sessionId: number
  status: SupportStatus
  requestedBy: number
}

/**
 * "The workspace's access log grew" (SPEC 3.10): only its Admins and the server admins hear it, as only
 * they may read that log.
 */
export interface AccessLiveEvent {
  type: 'access'
  workspaceId: number
  workspace: string
}

/** The events tabs hear; each carries its workspace and says only what changed, never the data. */
export type TabLiveEvent = SupportLiveEvent | AccessLiveEvent

/** Whether only the workspace's Admins (and server admins) may hear an event. */
export const forAdminsOnly = (event: TabLiveEvent): boolean => event.type === 'access'

/** The event that says how a support session stands now, from the session as the API shows it. */
export function supportLiveEvent(session: { id: number, status: SupportStatus, workspace: { id: number, slug: string }, requestedBy: { id: number } }): SupportLiveEvent {
  return { type: 'support', workspaceId: session.workspace.id, workspace: session.workspace.slug, sessionId: session.id, status: session.status, requestedBy: session.requestedBy.id }
}

/** The live events a stream's reader may hear, as SQL over `live_events`: for its replay, in one query. */
export function audibleTo(reader: { userId: number, serverAdmin: boolean }): SQL {
  const { liveEvents: e, workspaceMembers: m } = tables
  // Server admins hear of every workspace (SPEC 3.8); anyone else of the workspaces they are in, and of
  // admins-only events only where they are an Admin.
  if (reader.serverAdmin) return ne(e.workspaceId, 0)
  const mine = useDb().select({ id: m.workspaceId }).from(m).where(eq(m.userId, reader.userId))
  const administered = useDb().select({ id: m.workspaceId }).from(m).where(and(eq(m.userId, reader.userId), eq(m.role, 'admin')))
  return or(and(eq(e.adminsOnly, false), inArray(e.workspaceId, mine)), and(eq(e.adminsOnly, true), inArray(e.workspaceId, administered)))!
}

/** For one live delivery: whether each user may hear `event`, each user's answer read once. */
export async function whoMayHear(event: TabLiveEvent): Promise<(userId: number) => Promise<boolean>> {
  const concerned = event.type === 'access' ? await adminsOf(event.workspaceId) : await membersAndRequester(event)
  const answers = new Map<number, boolean>()
  return async (userId) => {
    if (!answers.has(userId)) answers.set(userId, concerned.has(userId) || await isServerAdmin(userId))
    return answers.get(userId)!
  }
}

/**
 * Who a support-session transition concerns (SPEC 3.8): the requester and every member and guest of
 * the workspace; server admins too, who can read every workspace. Nobody else hears of it. Roles are
 * read at delivery, so a stream opened before a demotion or removal learns nothing after it.
 */
async function membersAndRequester(event: SupportLiveEvent): Promise<Set<number>> {
  const m = tables.workspaceMembers
  const members = await useDb().select({ id: m.userId }).from(m).where(eq(m.workspaceId, event.workspaceId))
  return new Set([event.requestedBy, ...members.map(r => r.id)])
}

/** The workspace's Admins, read at delivery like every audience. */
async function adminsOf(workspaceId: number): Promise<Set<number>> {
  const m = tables.workspaceMembers
  const admins = await useDb().select({ id: m.userId }).from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.role, 'admin')))
  return new Set(admins.map(r => r.id))
}

async function isServerAdmin(userId: number): Promise<boolean> {
  const u = tables.users
  const [user] = await useDb().select({ role: u.serverRole }).from(u).where(eq(u.id, userId))
  return user?.role === 'admin'
}
