import { randomBytes } from 'node:crypto'
import { and, count, eq, gt, isNotNull, lt } from 'drizzle-orm'

const FAILURE_WINDOW_MS = 15 * 60 * 1000
const MAX_FAILURES = 10

let dummyHash: Promise<string> | undefined

/** Checks credentials against any verified email of an account; one vague error for every failure. */
export async function verifyCredentials(email: string, password: string) {
  const db = useDb()
  const { loginAttempts, userEmails, users } = tables
  const since = new Date(Date.now() - FAILURE_WINDOW_MS)
  const failures = db.select({ n: count() }).from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), gt(loginAttempts.createdAt, since))).get()?.n ?? 0
  if (failures >= MAX_FAILURES) throw apiError('TooManyAttempts', 'Too many failed sign-in attempts. Try again in 15 minutes.')

  const user = db.select({ id: users.id, passwordHash: users.passwordHash }).from(userEmails)
    .innerJoin(users, eq(users.id, userEmails.userId))
    .where(and(eq(userEmails.email, email), isNotNull(userEmails.verifiedAt))).get()
  // Verify against a throwaway hash for unknown emails too, so timing does not reveal which emails exist.
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  const ok = await verifyPassword(user?.passwordHash ?? await dummyHash, password)
  if (!user || !ok) {
    db.insert(loginAttempts).values({ email }).run()
    throw apiError('InvalidCredentials', 'Email or password is incorrect.')
  }
  return user.id
}

/** Creates the server-side record a sealed cookie points at. */
export function startAuthSession(userId: number): string {
  const id = randomBytes(24).toString('base64url')
  useDb().insert(tables.authSessions).values({ id, userId }).run()
  return id
}

/** Drops what no request can use any more: expired sign-ins and failed attempts outside the window. */
export function pruneAuthRecords(now = Date.now()): void {
  const db = useDb()
  db.delete(tables.authSessions).where(lt(tables.authSessions.createdAt, new Date(now - AUTH_SESSION_TTL_MS))).run()
  db.delete(tables.loginAttempts).where(lt(tables.loginAttempts.createdAt, new Date(now - FAILURE_WINDOW_MS))).run()
}

export function endAuthSession(id: string): void {
  useDb().delete(tables.authSessions).where(eq(tables.authSessions.id, id)).run()
}

/** Replaces the password after checking the current one, and signs the account out everywhere. */
export async function changePassword(userId: number, currentPassword: string, newPassword: string) {
  const { users, authSessions, apiTokens } = tables
  const db = useDb()
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw apiError('InvalidCredentials', 'The current password is incorrect.')
  const passwordHash = await hashPassword(newPassword)
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run()
    tx.delete(authSessions).where(eq(authSessions.userId, userId)).run()
    tx.delete(apiTokens).where(eq(apiTokens.userId, userId)).run()
  }, { behavior: 'immediate' })
}
