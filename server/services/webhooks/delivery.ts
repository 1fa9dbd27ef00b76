import { createHmac } from 'node:crypto'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TEST_EVENT } from '#shared/webhooks/schemas'
import { AddressNotAllowed, guardedLookup, literalRefused } from './address'
import { sessionLendsNow } from '../access/active-now'
import { affectedRows, tables, useDb, writeTransaction } from '../../database'

/** Deliveries are retried for a day after the event, then given up (and the log says so). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000
const MAX_BACKOFF_MS = 60 * 60 * 1000
const MAX_IN_FLIGHT = 16
/** A claim outlives the request's timeout by this much; a process that died holding one lets it lapse. */
const CLAIM_MARGIN_MS = 2_000

const config = () => {
  const c = useRuntimeConfig()
  return { timeoutMs: Number(c.webhooksTimeoutMs), retryBaseMs: Number(c.webhooksRetryBaseMs) }
}

/** Exponential backoff from the configured base (30 s, 1 min, 2 min … capped at an hour). */
export function webhookRetryDelayMs(attempts: number, baseMs = config().retryBaseMs): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1))
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (SPEC 3.9). */
export function signatureHeader(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000)
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
}

interface Attempt { status: number | null, error: string | null, durationMs: number, responseBody: string | null }

/** How much of a receiver's answer the delivery log keeps. */
const RESPONSE_BODY_BYTES = 2048

/** One POST with a hard timeout, no redirects followed, and every connection through the address guard. */
function post(rawUrl: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Attempt> {
  const started = performance.now()
  const done = (status: number | null, error: string | null, responseBody: string | null = null): Attempt => ({ status, error, durationMs: Math.round(performance.now() - started), responseBody })
  const url = new URL(rawUrl)
  if (literalRefused(url)) return Promise.resolve(done(null, new AddressNotAllowed(url.hostname).message))
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    const req = send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'SupportAccess-Webhooks/1', ...headers },
      lookup: guardedLookup as never,
      signal: AbortSignal.timeout(timeoutMs),
    }, (res: IncomingMessage) => {
      // The status decides; the first 2 KB of the answer are kept for the log, the rest is drained and dropped.
      const kept: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_BODY_BYTES) kept.push(chunk.subarray(0, RESPONSE_BODY_BYTES - size))
        size += chunk.length
      })
      const answer = () => (kept.length ? Buffer.concat(kept).toString('utf8') : null)
      res.on('end', () => resolve(done(res.statusCode ?? null, null, answer())))
      res.on('error', error => resolve(done(res.statusCode ?? null, error.message, answer())))
    })
    req.on('error', (error: Error & { code?: string }) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || error.code === 'ABORT_ERR'
      resolve(done(null, timedOut ? `No answer within ${timeoutMs} ms` : error.message))
    })
    req.end(body)
  })
}

/** Takes one due delivery for this process, or returns null when another process took it first. */
function claim(id: number, now: Date, timeoutMs: number) {
  const d = tables.webhookDeliveries
  const free = and(eq(d.id, id), eq(d.status, 'pending'), lte(d.nextAttemptAt, now), or(isNull(d.lockedUntil), lt(d.lockedUntil, now)))
  return writeTransaction(async (tx) => {
    // The attempt counts from the claim, so one cut short by a crash is in the log too.
    const [claimed] = await tx.update(d).set({ lockedUntil: new Date(now.getTime() + timeoutMs + CLAIM_MARGIN_MS), attempts: sql`${d.attempts} + 1` }).where(free).returning()
    if (!claimed) return null
    const [hook] = await tx.select().from(tables.webhooks).where(eq(tables.webhooks.id, claimed.webhookId))
    if (hook && hook.supportSessionId !== null && !await sessionLendsNow(tx, hook.supportSessionId, now)) {
      // Set up under a support session that has ended (SPEC 3.6): nothing more leaves for its address;
      // the upkeep switches the webhook off and records it (session-tie.ts).
      await tx.update(d).set({ status: 'failed', lockedUntil: null, lastError: 'Not sent: this webhook was set up under a support session that has ended.' }).where(eq(d.id, claimed.id))
      return null
    }
    return hook ? { delivery: claimed, hook } : null
  })
}

async function attempt(id: number): Promise<void> {
  const { timeoutMs } = config()
  const taken = await claim(id, new Date(), timeoutMs)
  if (!taken) return
  const { delivery, hook } = taken
  const headers: Record<string, string> = { 'x-support-access-event': delivery.event, 'x-support-access-delivery': delivery.eventId }
  if (hook.format === 'json') headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] = signatureHeader(hook.secret, delivery.body)
  const result = await post(hook.url, delivery.body, headers, timeoutMs)
  const d = tables.webhookDeliveries
  const attempts = delivery.attempts
  const ok = result.status !== null && result.status >= 200 && result.status < 300
  const now = Date.now()
  const retryAt = now + webhookRetryDelayMs(attempts)
  // A test event is tried once: its sender is watching for the outcome, not waiting a day of retries.
  const givingUp = !ok && (delivery.event === WEBHOOK_TEST_EVENT || retryAt > delivery.createdAt.getTime() + RETRY_WINDOW_MS)
  const error = ok ? null : result.error ?? `HTTP ${result.status}`
  // Only the holder of the claim records the outcome (the claim is this attempt's lock).
  await writeTransaction(tx => tx.update(d).set({
    responseStatus: result.status,
    durationMs: result.durationMs,
    lastError: error?.slice(0, 500) ?? null,
    responseBody: result.responseBody,
    lockedUntil: null,
    ...(ok ? { status: 'delivered' as const, deliveredAt: new Date(now) } : givingUp ? { status: 'failed' as const } : { nextAttemptAt: new Date(retryAt) }),
  }).where(and(eq(d.id, delivery.id), eq(d.status, 'pending'), eq(d.lockedUntil, delivery.lockedUntil!))))
}

const inFlight = new Set<number>()
let scanning = false

/** Starts every due delivery this process has room for; never waits for a receiver. */
export async function deliverDueWebhooks(): Promise<void> {
  if (scanning) return
  scanning = true
  try {
    const room = MAX_IN_FLIGHT - inFlight.size
    if (room <= 0) return
    const { webhookDeliveries: d, webhooks: w } = tables
    const now = new Date()
    const due = await useDb().select({ id: d.id }).from(d).innerJoin(w, eq(w.id, d.webhookId))
      .where(and(eq(d.status, 'pending'), lte(d.nextAttemptAt, now), or(isNull(d.lockedUntil), lt(d.lockedUntil, now)), eq(w.enabled, true)))
      .orderBy(asc(d.nextAttemptAt), asc(d.id)).limit(room * 2)
    for (const { id } of due) {
      if (inFlight.has(id) || inFlight.size >= MAX_IN_FLIGHT) continue
      inFlight.add(id)
      attempt(id)
        .catch(error => console.error('[webhooks] delivery failed', error))
        .finally(() => {
          inFlight.delete(id)
          kickWebhookDelivery()
        })
    }
  }
  finally {
    scanning = false
  }
}

let kicked = false
/** Looks for due deliveries soon (after a change commits, or an attempt ends), at most once per turn. */
export function kickWebhookDelivery(): void {
  if (kicked) return
  kicked = true
  setImmediate(() => {
    kicked = false
    deliverDueWebhooks().catch(error => console.error('[webhooks] scan failed', error))
  })
}

/** For shutdown: lets in-flight attempts finish (their claims lapse otherwise, and another process retries). */
export function webhooksInFlight(): number {
  return inFlight.size
}

/** The delivery log keeps 30 days; what is still pending (it stops being retried after 24 h) is kept until it ends. */
export const DELIVERY_LOG_DAYS = 30

export async function pruneWebhookDeliveries(now = Date.now()): Promise<number> {
  const d = tables.webhookDeliveries
  const old = and(lt(d.createdAt, new Date(now - DELIVERY_LOG_DAYS * 24 * 60 * 60 * 1000)), or(eq(d.status, 'delivered'), eq(d.status, 'failed')))
  return affectedRows(await writeTransaction(tx => tx.delete(d).where(old)))
}
