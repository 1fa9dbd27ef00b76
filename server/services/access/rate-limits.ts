import type { H3Event } from 'h3'
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm'
import { serializeWrites, tables, writeTransaction } from '../../database'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** The three sign-in limits share one window, so Server Settings → Users counts them in one query. */
export const SIGN_IN_WINDOW_MS = 15 * MINUTE

export interface RateLimit {
  /** The bucket's prefix: `<name>:<key>`. */
  name: string
  limit: number
  windowMs: number
  /** What is limited, for the refusal: "Too many <what>." */
  what: string
}

/**
 * Every rate limit the server applies (issue 20; the README's security section lists them). Each
 * attempt takes a hit in its bucket, in a write of its own that commits whatever the attempt's outcome.
 */
export const RATE_LIMITS = {
  /**
   * Failed sign-ins per account × client address (SPEC 3.11; keys in accounts/sign-in-throttle.ts): a
   * successful one gives its hit back. A stranger's guesses lock only the stranger out.
   */
  signIn: { name: 'sign-in', limit: 10, windowMs: SIGN_IN_WINDOW_MS, what: 'failed sign-in attempts for this account from your network' },
  /** Failed sign-ins per account from every address together: many addresses guessing at once stop here. */
  signInAccount: { name: 'sign-in-account', limit: 100, windowMs: SIGN_IN_WINDOW_MS, what: 'failed sign-in attempts for this account' },
  /** A browser that signed in to the account before (its device cookie) counts only its own failures. */
  signInDevice: { name: 'sign-in-device', limit: 10, windowMs: SIGN_IN_WINDOW_MS, what: 'failed sign-in attempts from this browser' },
  /** Password changes per account: a stolen token cannot guess the current password. */
  passwordChange: { name: 'password', limit: 10, windowMs: 15 * MINUTE, what: 'password change attempts' },
  /** New workspaces per account: each can send invites in a name of its choosing. */
  workspaceCreate: { name: 'workspace-create', limit: 10, windowMs: 24 * HOUR, what: 'new workspaces from this account' },
  invitePerWorkspace: { name: 'invite-workspace', limit: 100, windowMs: HOUR, what: 'invites from this workspace' },
  invitePerInviter: { name: 'invite-inviter', limit: 30, windowMs: HOUR, what: 'invites from this account' },
  joinRequest: { name: 'join-request', limit: 10, windowMs: HOUR, what: 'join requests from this account' },
  testEvent: { name: 'webhook-test', limit: 10, windowMs: 10 * MINUTE, what: 'test events and redeliveries for this webhook' },
  /** Witness cosignature uploads per Admin and workspace (SPEC 3.14): each verifies two signatures and reads the tree; a witness run from cron sends one per run. */
  cosignature: { name: 'audit-cosignature', limit: 60, windowMs: HOUR, what: 'cosignature uploads for this workspace by you' },
  supportRequest: { name: 'support-request', limit: 20, windowMs: HOUR, what: 'support requests for this workspace' },
  /** Passkey sign-ins begun per network address: each keeps a challenge for five minutes. */
  passkeySignIn: { name: 'passkey-sign-in', limit: 30, windowMs: 15 * MINUTE, what: 'passkey sign-ins from your network' },
  /** Password confirmations per account (SPEC 3.11 sudo mode): a stolen cookie cannot guess the password with them. */
  reauthenticate: { name: 'reauthenticate', limit: 10, windowMs: 15 * MINUTE, what: 'password confirmations for this account' },
  /** Email addresses added per account (SPEC 3.11): each sends a verification email to an address of the caller's choosing. */
  emailAdd: { name: 'email-add', limit: 5, windowMs: HOUR, what: 'email addresses added to this account' },
  /** Verification emails per address, whoever asks: nobody makes the server mail one inbox over and over. */
  verificationEmail: { name: 'verification-email', limit: 3, windowMs: HOUR, what: 'verification emails to this address' },
} satisfies Record<string, RateLimit>

export type RateLimitHit = [RateLimit, string | number]

/** NUXT_RATE_LIMIT_FACTOR multiplies every limit (an operator's knob; load tests raise it). */
export const limitOf = (limit: RateLimit) => Math.max(1, Math.floor(limit.limit * Number(useRuntimeConfig().rateLimitFactor || 1)))

function waitLabel(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`
  const minutes = Math.ceil(seconds / 60)
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`
}

/**
 * Takes one hit in each bucket, or refuses with 429 `TooManyAttempts` and `Retry-After` (the seconds until
 * the oldest hit leaves the window) when one is full. Buckets are counted under a lock of their own, so
 * however many attempts arrive at once, in however many processes, no more than the limit pass. Answers
 * the hits' ids, for an attempt whose success gives them back.
 */
export async function takeHits(event: H3Event | null, hits: RateLimitHit[]): Promise<number[]> {
  if (hits.length === 0) return []
  const r = tables.rateLimitHits
  const now = Date.now()
  const refused = await writeTransaction(async (tx) => {
    const taken: number[] = []
    for (const [limit, key] of hits) {
      const bucket = `${limit.name}:${key}`
      await serializeWrites(tx, `rate:${bucket}`)
      const max = limitOf(limit)
      const recent = await tx.select({ at: r.createdAt }).from(r).where(and(eq(r.bucket, bucket), gt(r.createdAt, new Date(now - limit.windowMs)))).orderBy(asc(r.createdAt)).limit(max)
      if (recent.length >= max) return { limit, retryAfter: Math.max(1, Math.ceil((recent[0]!.at.getTime() + limit.windowMs - now) / 1000)) }
      const [hit] = await tx.insert(r).values({ bucket, createdAt: new Date(now) }).returning({ id: r.id })
      taken.push(hit!.id)
    }
    return taken
  })
  if (Array.isArray(refused)) return refused
  if (event) setResponseHeader(event, 'retry-after', refused.retryAfter)
  throw apiError('TooManyAttempts', `Too many ${refused.limit.what}. Try again in ${waitLabel(refused.retryAfter)}.`, { retryAfter: refused.retryAfter })
}

/** Gives hits back: the attempt turned out to be one the limit does not count (a successful sign-in). */
export async function giveBackHits(ids: number[]): Promise<void> {
  if (ids.length) await writeTransaction(tx => tx.delete(tables.rateLimitHits).where(inArray(tables.rateLimitHits.id, ids)))
}

/** Drops hits older than the longest window: no limit counts them any more. */
export async function pruneRateLimitHits(now = Date.now()): Promise<void> {
  const longest = Math.max(...Object.values(RATE_LIMITS).map(l => l.windowMs))
  await writeTransaction(tx => tx.delete(tables.rateLimitHits).where(lt(tables.rateLimitHits.createdAt, new Date(now - longest))))
}
