import { randomBytes } from 'node:crypto'
import { and, count, eq, gt, isNotNull, lt } from 'drizzle-orm'
import type { Tx } from '../database/connection'

const FAILURE_WINDOW_MS = 15 * 60 * 1000
const MAX_FAILURES = 10

let dummyHash: Promise<string> | undefined

/**
 * Takes one of the address's sign-in attempts before the password is judged, in one write
 * transaction: however many guesses arrive at once, at most MAX_FAILURES are judged in a window and
 * the rest get 429 at once. A successful sign-in gives its attempt back.
 */
function reserveAttempt(email: string): Promise<number> {
  const { loginAttempts } = tables
  return writeTransaction(async (tx) => {
    await serializeWrites(tx, `sign-in:${email}`)
    const since = new Date(Date.now() - FAILURE_WINDOW_MS)
    const taken = await countOf(tx.select({ n: count() }).from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), gt(loginAttempts.createdAt, since))))
    if (taken >= MAX_FAILURES) throw apiError('TooManyAttempts', 'Too many failed sign-in attempts. Try again in 15 minutes.')
    const [attempt] = await tx.insert(loginAttempts).values({ email }).returning({ id: loginAttempts.id })
    return attempt!.id
  })
}

/** Checks credentials against any verified email of an account; one vague error for every failure. */
export async function verifyCredentials(email: string, password: string) {
  const { loginAttempts, userEmails, users } = tables
  const attempt = await reserveAttempt(email)
  const [user] = await useDb().select({ id: users.id, passwordHash: users.passwordHash }).from(userEmails)
    .innerJoin(users, eq(users.id, userEmails.userId))
    .where(and(eq(userEmails.email, email), isNotNull(userEmails.verifiedAt)))
  // Verify against a throwaway hash for unknown emails too, so timing does not reveal which emails exist.
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  const ok = await verifyPassword(user?.passwordHash ?? await dummyHash, password)
  if (!user || !ok) throw apiError('InvalidCredentials', 'Email or password is incorrect.')
  await writeTransaction(tx => tx.delete(loginAttempts).where(eq(loginAttempts.id, attempt)))
  return user.id
}

/** Creates the server-side record a sealed cookie points at. */
export async function startAuthSession(userId: number): Promise<string> {
  const id = randomBytes(24).toString('base64url')
  await writeTransaction(tx => tx.insert(tables.authSessions).values({ id, userId }))
  return id
}

/** Drops what no request can use any more: expired sign-ins and failed attempts outside the window. */
export async function pruneAuthRecords(now = Date.now()): Promise<void> {
  await writeTransaction(async (tx) => {
    await tx.delete(tables.authSessions).where(lt(tables.authSessions.createdAt, new Date(now - AUTH_SESSION_TTL_MS)))
    await tx.delete(tables.loginAttempts).where(lt(tables.loginAttempts.createdAt, new Date(now - FAILURE_WINDOW_MS)))
  })
}

export async function endAuthSession(id: string): Promise<void> {
  await writeTransaction(tx => tx.delete(tables.authSessions).where(eq(tables.authSessions.id, id)))
}

/**
 * Checks the current password and hashes the new one: the slow part of a password change, done before
 * the write's transaction. Returns the new hash and the old one it replaces.
 */
export async function preparePasswordChange(userId: number, currentPassword: string, newPassword: string) {
  const { users } = tables
  const [user] = await useDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId))
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw apiError('InvalidCredentials', 'The current password is incorrect.')
  return { previousHash: user.passwordHash, passwordHash: await hashPassword(newPassword) }
}

/** Replaces the password and signs the account out everywhere; refused if it changed since it was checked. */
export async function changePassword(tx: Tx, userId: number, change: { previousHash: string, passwordHash: string }) {
  const { users, authSessions, apiTokens } = tables
  const updated = await tx.update(users).set({ passwordHash: change.passwordHash }).where(and(eq(users.id, userId), eq(users.passwordHash, change.previousHash)))
  if (affectedRows(updated) === 0) throw apiError('InvalidCredentials', 'The current password is incorrect.')
  await tx.delete(authSessions).where(eq(authSessions.userId, userId))
  await tx.delete(apiTokens).where(eq(apiTokens.userId, userId))
}
