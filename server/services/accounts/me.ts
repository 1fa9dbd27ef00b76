import { and, count, eq, inArray } from 'drizzle-orm'
import { listActiveSessionsOf } from '../support/queries'
import { tables, useDb } from '../../database'
import { liveCursorFor } from '../live/bus'

/** The signed-in user as `GET /api/me` describes them, with the support sessions they hold right now. */
export async function loadMe(userId: number) {
  const { users, userEmails } = tables
  const [user] = await useDb().select({ id: users.id, name: users.name, email: userEmails.email, serverRole: users.serverRole })
    .from(users)
    .innerJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(users.id, userId))
  if (!user) throw apiError('Unauthenticated', 'Sign in to continue.')
  // With support mode off, a session approved earlier grants nothing, so none is reported (SPEC 3.4).
  return {
    user,
    supportSessions: user.serverRole === 'admin' && useServerSettings().supportMode ? await listActiveSessionsOf(userId) : [],
    // Where this picture stands in the live events: the tab's stream starts there, so nothing in between is missed.
    liveCursor: await liveCursorFor(userId, user.serverRole === 'admin'),
    lastAdminOf: await lastAdminOf(userId),
  }
}

/**
 * The workspaces this user is the only Admin of: deleting the account is refused there (a workspace
 * keeps an Admin), so Account settings says so before asking for anything. Their own memberships only.
 */
async function lastAdminOf(userId: number) {
  const { workspaces: w, workspaceMembers: m } = tables
  const db = useDb()
  const mine = await db.select({ id: w.id, slug: w.slug, name: w.name }).from(m).innerJoin(w, eq(w.id, m.workspaceId))
    .where(and(eq(m.userId, userId), eq(m.role, 'admin'))).orderBy(w.name)
  if (!mine.length) return []
  const admins = await db.select({ workspaceId: m.workspaceId, n: count() }).from(m)
    .where(and(inArray(m.workspaceId, mine.map(r => r.id)), eq(m.role, 'admin'))).groupBy(m.workspaceId)
  const alone = new Set(admins.filter(r => Number(r.n) === 1).map(r => r.workspaceId))
  return mine.filter(r => alone.has(r.id)).map(({ slug, name }) => ({ slug, name }))
}
