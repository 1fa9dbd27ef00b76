import { and, eq } from 'drizzle-orm'
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
  }
}
