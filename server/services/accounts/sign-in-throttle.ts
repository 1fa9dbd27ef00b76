import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { H3Event } from 'h3'
import { and, count, gt, inArray, or, sql } from 'drizzle-orm'
import { limitOf, RATE_LIMITS, SIGN_IN_WINDOW_MS, type RateLimit, type RateLimitHit } from '../access/rate-limits'
import { tables, useDb, type Tx } from '../../database'

/**
 * Which buckets a password attempt counts against (SPEC 3.11, after OWASP's "Slow down online guessing
 * attacks with device cookies"). A browser that signed in to the account before holds a device cookie
 * naming the account and counts only its own failures; any other attempt counts per account × client
 * address (10 per 15 min) and per account (100 per 15 min). So a stranger's guesses lock out the
 * stranger, a crowd of addresses locks out other strangers, and the owner's browser always gets in.
 * The bucket keys live here only: Server Settings → Users reads and clears them through this file.
 */

const DEVICE_COOKIE = 'sa-device-'
const DEVICE_COOKIE_DAYS = 180

/** The account key: an email as the sign-in form normalises it, so `CY@acme.test` is Cy. */
export const accountKey = (email: string) => email.trim().toLowerCase()

const secret = () => process.env.NUXT_SESSION_PASSWORD || String((useRuntimeConfig().session as { password?: string } | undefined)?.password ?? '')

/** HMAC-SHA256 with the session secret over the account and the cookie's random nonce (OWASP's recipe). */
const signature = (userId: number, nonce: string) => createHmac('sha256', secret()).update(`device-cookie:${userId}:${nonce}`).digest('base64url')

/** The nonce of this browser's device cookie for the account, when it carries a genuine one. */
export function deviceOf(event: H3Event, userId: number): string | null {
  const [nonce, given] = (getCookie(event, `${DEVICE_COOKIE}${userId}`) ?? '').split('.')
  if (!nonce || !given) return null
  const a = Buffer.from(given)
  const b = Buffer.from(signature(userId, nonce))
  return a.length === b.length && timingSafeEqual(a, b) ? nonce : null
}

/** After a successful sign-in: a fresh device cookie, read only by the sign-in route. */
export function issueDeviceCookie(event: H3Event, userId: number, secure: boolean): void {
  const nonce = randomBytes(16).toString('base64url')
  setCookie(event, `${DEVICE_COOKIE}${userId}`, `${nonce}.${signature(userId, nonce)}`, {
    httpOnly: true, sameSite: 'lax', secure, path: '/api/auth', maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60,
  })
}

/** The buckets one password attempt for `email` takes a hit in. */
export function signInHits(email: string, address: string, device: { userId: number, nonce: string } | null): RateLimitHit[] {
  if (device) return [[RATE_LIMITS.signInDevice, `${device.userId}|${device.nonce}`]]
  const account = accountKey(email)
  return [[RATE_LIMITS.signIn, `${account}|${address}`], [RATE_LIMITS.signInAccount, account]]
}

const startsWith = (prefix: string) => sql`substr(${tables.rateLimitHits.bucket}, 1, ${prefix.length}) = ${prefix}`

/** The limit a sign-in bucket belongs to, when it is one of this account's; null for anyone else's. */
function accountBucket(bucket: string, account: { id: number, emails: string[] }): RateLimit | null {
  const keys = account.emails.map(accountKey)
  if (keys.some(k => bucket === `${RATE_LIMITS.signInAccount.name}:${k}`)) return RATE_LIMITS.signInAccount
  if (bucket.startsWith(`${RATE_LIMITS.signInDevice.name}:${account.id}|`)) return RATE_LIMITS.signInDevice
  if (keys.some(k => bucket.startsWith(`${RATE_LIMITS.signIn.name}:${k}|`))) return RATE_LIMITS.signIn
  return null
}

/** Every sign-in bucket of an account: per address, per account, its browsers'. */
function bucketsOf(account: { id: number, emails: string[] }) {
  const keys = account.emails.map(accountKey)
  return or(
    inArray(tables.rateLimitHits.bucket, keys.map(k => `${RATE_LIMITS.signInAccount.name}:${k}`)),
    startsWith(`${RATE_LIMITS.signInDevice.name}:${account.id}|`),
    ...keys.map(k => startsWith(`${RATE_LIMITS.signIn.name}:${k}|`)),
  )!
}

/**
 * Each failure is counted once per account, or once by the browser that made it; the per-address
 * buckets count the same failures again by where they came from.
 */
const countsFailure = (limit: RateLimit | null) => limit === RATE_LIMITS.signInAccount || limit === RATE_LIMITS.signInDevice

/**
 * Server Settings → Users: each account's failed sign-ins in the current window, and whether sign-in
 * is locked: every browser without a device cookie is refused (the per-account bucket is full). A full
 * per-address or per-browser bucket refuses only that address or browser (a stranger's guesses lock out
 * the stranger), so it shows as failed sign-ins, not as a lock the owner would meet.
 */
export async function signInLocks(accounts: { id: number, emails: string[] }[]) {
  const r = tables.rateLimitHits
  const locks = new Map<number, { failedSignIns: number, signInLocked: boolean }>()
  if (!accounts.length) return locks
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS)
  const hits = await useDb().select({ bucket: r.bucket, n: count() }).from(r).where(and(or(...accounts.map(bucketsOf)), gt(r.createdAt, since))).groupBy(r.bucket)
  for (const account of accounts) {
    const own = hits.map(h => ({ limit: accountBucket(h.bucket, account), n: Number(h.n) })).filter(h => h.limit)
    locks.set(account.id, {
      failedSignIns: own.filter(h => countsFailure(h.limit)).reduce((sum, h) => sum + h.n, 0),
      signInLocked: own.some(h => h.limit === RATE_LIMITS.signInAccount && h.n >= limitOf(h.limit)),
    })
  }
  return locks
}

/** Clears every sign-in bucket of an account; answers how many failed sign-ins that forgave. */
export async function clearSignInLocks(tx: Tx, account: { id: number, emails: string[] }): Promise<number> {
  const r = tables.rateLimitHits
  const gone = await tx.delete(r).where(bucketsOf(account)).returning({ bucket: r.bucket })
  return gone.filter(h => countsFailure(accountBucket(h.bucket, account))).length
}
