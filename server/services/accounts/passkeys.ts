import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { and, asc, eq, lt } from 'drizzle-orm'
import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/types'
import type { WriteScope } from '../write-scope'
import { tables, useDb, writeTransaction } from '../../database'
import { baseUrl } from '../mail/templates'

/**
 * Passkeys (SPEC 3.10): WebAuthn through @simplewebauthn/server, which checks every signature and
 * attestation. A ceremony is two requests: options with a fresh challenge, kept in the database under a
 * random attempt id so any app process can finish it, then the browser's answer, which takes the
 * challenge once. Users add passkeys on Account settings, sign in with one, and prove themselves with one
 * again (a step-up) where a workspace asks it before an Admin approves or revokes support.
 */

export type Ceremony = 'register' | 'sign-in' | 'step-up'
const CHALLENGE_TTL_MS = 5 * 60_000
const RP_NAME = 'Support Access'

/**
 * The relying party is the site as configured (`NUXT_PUBLIC_BASE_URL`), never as a request names it
 * (SPEC 3.10): a forwarded host anyone can send would otherwise choose which site's passkeys count.
 */
function relyingParty() {
  const url = new URL(baseUrl())
  return { rpID: url.hostname, origin: url.origin }
}

/** @simplewebauthn/server and all it loads (ASN.1 parsers, fetch polyfills) cost start-up time: loaded at the first ceremony. */
const webauthn = () => import('@simplewebauthn/server')

const notVerified = (why: string) => apiError('PasskeyNotVerified', `The passkey could not be verified: ${why}`)

async function keepChallenge(ceremony: Ceremony, userId: number | null, challenge: string): Promise<string> {
  const id = randomBytes(24).toString('base64url')
  await writeTransaction(tx => tx.insert(tables.webauthnChallenges).values({ id, purpose: ceremony, userId, challenge }))
  return id
}

/** Takes a ceremony's challenge, once: a second answer with the same attempt finds nothing. */
async function takeChallenge(attemptId: string, ceremony: Ceremony, userId: number | null): Promise<string> {
  const c = tables.webauthnChallenges
  const [row] = await writeTransaction(tx => tx.delete(c).where(eq(c.id, attemptId)).returning())
  if (!row || row.purpose !== ceremony || row.userId !== userId || Date.now() - row.createdAt.getTime() > CHALLENGE_TTL_MS) {
    throw notVerified('this attempt expired or is unknown. Try again.')
  }
  return row.challenge
}

export async function pruneWebauthnChallenges(now = Date.now()): Promise<void> {
  const c = tables.webauthnChallenges
  await writeTransaction(tx => tx.delete(c).where(lt(c.createdAt, new Date(now - CHALLENGE_TTL_MS))))
}

const transportsOf = (json: string) => JSON.parse(json) as AuthenticatorTransportFuture[]

/** A passkey as Account settings lists it. */
const passkeyView = (r: typeof tables.passkeys.$inferSelect) => ({ id: r.id, name: r.name, createdAt: iso(r.createdAt)!, lastUsedAt: iso(r.lastUsedAt) })

/** A user's credentials as WebAuthn options name them (to exclude when adding one, to allow in a step-up). */
async function credentialsOfUser(userId: number) {
  const p = tables.passkeys
  const rows = await useDb().select({ id: p.credentialId, transports: p.transports }).from(p).where(eq(p.userId, userId))
  return rows.map(c => ({ id: c.id, transports: transportsOf(c.transports) }))
}

export async function listPasskeys(userId: number) {
  const p = tables.passkeys
  return (await useDb().select().from(p).where(eq(p.userId, userId)).orderBy(asc(p.id))).map(passkeyView)
}

/** Options for adding a passkey: a discoverable credential, so it can sign in without an address. */
export async function registrationOptions(event: H3Event, user: { id: number, name: string, email: string }) {
  const { rpID } = relyingParty()
  const options = await (await webauthn()).generateRegistrationOptions({
    rpName: RP_NAME, rpID, userName: user.email, userDisplayName: user.name,
    userID: new TextEncoder().encode(`user-${user.id}`),
    attestationType: 'none',
    excludeCredentials: await credentialsOfUser(user.id),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  })
  return { attemptId: await keepChallenge('register', user.id, options.challenge), options }
}

/** Checks the browser's new credential against its challenge; the slow part of adding a passkey, before the write. */
export async function verifyRegistration(event: H3Event, userId: number, attemptId: string, response: RegistrationResponseJSON) {
  const expectedChallenge = await takeChallenge(attemptId, 'register', userId)
  const { rpID, origin } = relyingParty()
  const verification = await (await webauthn()).verifyRegistrationResponse({ response, expectedChallenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false })
    .catch((e: Error) => { throw notVerified(e.message) })
  if (!verification.verified || !verification.registrationInfo) throw notVerified('the authenticator’s answer did not verify.')
  const { credential } = verification.registrationInfo
  return { credentialId: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), counter: credential.counter, transports: JSON.stringify(credential.transports ?? []) }
}

/** Adding and removing a passkey are audited in the server's chain and mailed to the account (SPEC 3.11). */
export async function addPasskey({ tx, actor, audit }: WriteScope, name: string, verified: Awaited<ReturnType<typeof verifyRegistration>>) {
  const [row] = await tx.insert(tables.passkeys).values({ userId: actor.id, name, ...verified }).onConflictDoNothing().returning()
  if (!row) throw apiError('PasskeyNotVerified', 'This passkey is already registered.')
  await audit({ action: 'passkey.added', targetType: 'passkey', targetId: row.id, data: { name: row.name } })
  return passkeyView(row)
}

export async function deletePasskey({ tx, actor, audit }: WriteScope, id: number) {
  const p = tables.passkeys
  const [row] = await tx.delete(p).where(and(eq(p.id, id), eq(p.userId, actor.id))).returning({ id: p.id, name: p.name })
  if (!row) throw apiError('PasskeyNotFound', 'Passkey not found.')
  await audit({ action: 'passkey.removed', targetType: 'passkey', targetId: row.id, data: { name: row.name } })
}

/** A password change may take every passkey with it (SPEC 3.11): one a thief added survives nothing else. */
export async function deleteAllPasskeys({ tx, actor, audit }: WriteScope) {
  const p = tables.passkeys
  const rows = await tx.delete(p).where(eq(p.userId, actor.id)).returning({ id: p.id, name: p.name })
  for (const row of rows) await audit({ action: 'passkey.removed', targetType: 'passkey', targetId: row.id, data: { name: row.name, withPasswordChange: true } })
}

/**
 * Options for using a passkey: for signing in, any of this site's passkeys (the browser offers the
 * discoverable ones); for a step-up, only the signed-in user's.
 */
export async function authenticationOptions(event: H3Event, ceremony: 'sign-in' | 'step-up', userId: number | null) {
  const { rpID } = relyingParty()
  const allowCredentials = userId === null ? [] : await credentialsOfUser(userId)
  if (ceremony === 'step-up' && allowCredentials.length === 0) throw apiError('PasskeyNotVerified', 'You have no passkey yet: add one in Account settings first.')
  const options = await (await webauthn()).generateAuthenticationOptions({ rpID, allowCredentials, userVerification: 'preferred' })
  return { attemptId: await keepChallenge(ceremony, userId, options.challenge), options }
}

/**
 * Checks a passkey's signature against its challenge and the stored public key, moves its counter on,
 * and answers whose it is. For a step-up the passkey must be the signed-in user's own.
 */
export async function verifyAuthentication(event: H3Event, ceremony: 'sign-in' | 'step-up', userId: number | null, attemptId: string, response: AuthenticationResponseJSON): Promise<number> {
  const expectedChallenge = await takeChallenge(attemptId, ceremony, userId)
  const p = tables.passkeys
  const [passkey] = await useDb().select().from(p).where(eq(p.credentialId, response.id))
  if (!passkey || (userId !== null && passkey.userId !== userId)) throw notVerified('this passkey is not registered here.')
  const { rpID, origin } = relyingParty()
  const verification = await (await webauthn()).verifyAuthenticationResponse({
    response, expectedChallenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false,
    credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: transportsOf(passkey.transports) },
  }).catch((e: Error) => { throw notVerified(e.message) })
  if (!verification.verified) throw notVerified('the signature did not verify.')
  // The library refused a counter that did not move on (a cloned authenticator); keep the new one.
  const next = verification.authenticationInfo.newCounter
  await writeTransaction(tx => tx.update(p).set({ counter: next, lastUsedAt: new Date() }).where(eq(p.id, passkey.id)))
  return passkey.userId
}

/**
 * Marks this sign-in as just proven with a passkey: support approvals that ask for one accept it for 5
 * minutes, and it confirms the user for sensitive account changes too (SPEC 3.11 sudo mode).
 */
export async function markSteppedUp(sid: string, at = new Date()): Promise<void> {
  const s = tables.authSessions
  await writeTransaction(tx => tx.update(s).set({ steppedUpAt: at, reauthenticatedAt: at }).where(eq(s.id, sid)))
}
