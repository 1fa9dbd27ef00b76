import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { and, eq, isNotNull, lt } from 'drizzle-orm'
import type { Tx } from '../../database'
import { giveBackHits, pruneRateLimitHits, takeHits } from '../access/rate-limits'
import { affectedRows, tables, useDb, writeTransaction } from '../../database'
import { AUTH_SESSION_TTL_MS } from './sessions'
import { accountKey, deviceOf, issueDeviceCookie, signInHits } from './sign-in-throttle'
import { pruneWebauthnChallenges } from './passkeys'
import { endStreams, streamKeys } from '../live/bus'
import { hashPassword, verifyPassword } from './passwords'

let dummyHash: Promise<string> | undefined

/**
 * Checks credentials against any verified email of an account; one vague error for every failure. The
 * attempt takes its hits before the password is judged (accounts/sign-in-throttle.ts says which:
 * per account × client address and per account, or only this browser's when it signed in to the account
 * before), so however many guesses arrive at once, at most a bucket's limit are judged and the rest get
 * 429 at once. A success gives its hits back.
 */
export async function verifyCredentials(event: H3Event, email: string, password: string) {
  const { userEmails, users } = tables
  const [user] = await useDb().select({ id: users.id, passwordHash: users.passwordHash }).from(userEmails)
    .innerJoin(users, eq(users.id, userEmails.userId))
    .where(and(eq(userEmails.email, accountKey(email)), isNotNull(userEmails.verifiedAt)))
  const nonce = user ? deviceOf(event, user.id) : null
  const attempt = await takeHits(event, signInHits(email, clientAddress(event), nonce && user ? { userId: user.id, nonce } : null))
  // Verify against a throwaway hash for unknown emails too, so timing does not reveal which emails exist.
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  const ok = await verifyPassword(user?.passwordHash ?? await dummyHash, password)
  if (!user || !ok) throw apiError('InvalidCredentials', 'Email or password is incorrect.')
  await giveBackHits(attempt)
  return user.id
}

/**
 * Creates the server-side record a sealed cookie points at. A sign-in with a passkey is also a step-up
 * (SPEC 3.10): the assertion was made just now. Every sign-in confirmed its user just now (SPEC 3.11).
 */
export async function startAuthSession(userId: number, steppedUp = false): Promise<string> {
  const id = randomBytes(24).toString('base64url')
  const now = new Date()
  await writeTransaction(async (tx) => {
    await tx.insert(tables.authSessions).values({ id, userId, steppedUpAt: steppedUp ? now : null, reauthenticatedAt: now })
    // Kept on the account, not read from its sign-ins: signing out deletes those (Server Settings → Users).
    await tx.update(tables.users).set({ lastSignInAt: now }).where(eq(tables.users.id, userId))
  })
  return id
}

/** Signs the request's browser in as this user: a new sign-in record and the sealed cookie naming it. */
export async function signIn(event: H3Event, userId: number, steppedUp = false): Promise<void> {
  const sid = await startAuthSession(userId, steppedUp)
  // Secure cookies over HTTPS (directly or behind a proxy); plain-HTTP deployments would otherwise never get one.
  const secure = getRequestProtocol(event, { xForwardedProto: true }) === 'https'
  await replaceUserSession(event, { user: { id: userId }, secure: { sid }, loggedInAt: Date.now() }, { cookie: { secure, maxAge: AUTH_SESSION_TTL_MS / 1000 } })
  // This browser has now proven itself for the account: its own failures are all that throttle it (SPEC 3.11).
  issueDeviceCookie(event, userId, secure)
  event.context.actor = undefined
  event.context.credentials = undefined
}

/** Drops what no request can use any more: expired sign-ins and passkey challenges, and rate-limit hits outside every window. */
export async function pruneAuthRecords(now = Date.now()): Promise<void> {
  await writeTransaction(tx => tx.delete(tables.authSessions).where(lt(tables.authSessions.createdAt, new Date(now - AUTH_SESSION_TTL_MS))))
  await pruneWebauthnChallenges(now)
  await pruneRateLimitHits(now)
}

export async function endAuthSession(id: string): Promise<void> {
  await writeTransaction(async (tx) => {
    await tx.delete(tables.authSessions).where(eq(tables.authSessions.id, id))
    await endStreams(tx, [streamKeys.session(id)])
  })
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
  await endStreams(tx, [streamKeys.user(userId)])
}
