import type { H3Event } from 'h3'
import { eq } from 'drizzle-orm'
import { giveBackHits, RATE_LIMITS, takeHits } from '../access/rate-limits'
import { tables, useDb, writeTransaction } from '../../database'
import { verifyPassword } from './passwords'

/**
 * Sudo mode (SPEC 3.11, GitHub's): a sign-in confirms its user again with the password (here) or a
 * passkey (the step-up routes, markSteppedUp), and sensitive account changes accept it for
 * NUXT_REAUTH_WINDOW_MS (gate/caller.ts refuseUnlessRecentlyConfirmed).
 */

/**
 * Checks the password of the signed-in user and marks this sign-in as confirmed now. One of the
 * account's attempts is taken before the password is judged, so a stolen cookie cannot guess it faster
 * than RATE_LIMITS.reauthenticate; a success gives it back.
 */
export async function reauthenticateWithPassword(event: H3Event, userId: number, sid: string, password: string): Promise<void> {
  const attempt = await takeHits(event, [[RATE_LIMITS.reauthenticate, userId]])
  const { users, authSessions } = tables
  const [user] = await useDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId))
  if (!user || !(await verifyPassword(user.passwordHash, password))) throw apiError('InvalidCredentials', 'The password is incorrect.')
  await giveBackHits(attempt)
  await writeTransaction(tx => tx.update(authSessions).set({ reauthenticatedAt: new Date() }).where(eq(authSessions.id, sid)))
}
