import { eq, inArray, ne, type SQL } from 'drizzle-orm'
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

/** The event that says how a support session stands now, from the session as the API shows it. */
export function supportLiveEvent(session: { id: number, status: SupportStatus, workspace: { id: number, slug: string }, requestedBy: { id: number } }): SupportLiveEvent {
  return { type: 'support', workspaceId: session.workspace.id, workspace: session.workspace.slug, sessionId: session.id, status: session.status, requestedBy: session.requestedBy.id }
}

/** The live events a stream's reader may hear, as SQL over `live_events`: for its replay, in one query. */
export function audibleTo(reader: { userId: number, serverAdmin: boolean }): SQL {
  const { liveEvents: e, workspaceMembers: m } = tables
  // Server admins hear of every workspace (SPEC 3.8); anyone else of the workspaces they are in.
  return reader.serverAdmin ? ne(e.workspaceId, 0) : inArray(e.workspaceId, useDb().select({ id: m.workspaceId }).from(m).where(eq(m.userId, reader.userId)))
}

/** For one live delivery: whether each user may hear `event`, each user's answer read once. */
export async function whoMayHear(event: SupportLiveEvent): Promise<(userId: number) => Promise<boolean>> {
  const concerned = await membersAndRequester(event)
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

async function isServerAdmin(userId: number): Promise<boolean> {
  const u = tables.users
  const [user] = await useDb().select({ role: u.serverRole }).from(u).where(eq(u.id, userId))
  return user?.role === 'admin'
}
