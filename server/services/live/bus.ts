import { and, asc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm'
import { tables, useDb, useStore, writeTransaction, type DbOrTx } from '../../database'
import { prepareAs, preparedOnce } from '../../database/prepared'
import { audibleTo, forAdminsOnly, whoMayHear, type TabLiveEvent } from '../support/live'

/**
 * Live updates (SPEC 3.8): the server tells open browser tabs that something they show has changed.
 * Events are invalidations, not data: a tab learns "session 4 in acme is now revoked" and re-reads what
 * it shows through the ordinary, authorized routes. So a stream can never show more than its reader
 * may see, and a missed event costs one resync, never a wrong screen.
 *
 * Publishing writes the event in the transaction of its change (it exists if and only if the change
 * committed); every server process tails the table and delivers to its own streams.
 */
/**
 * Not for tabs: tells every process to end, at once, the streams opened with credentials that no longer
 * hold (a deleted token, a sign-out, a password change, a deleted account). Keys are `streamKeys` hashes.
 */
export interface StreamsEndedEvent {
  type: 'streams-ended'
  /** 0: no workspace; never replayed or sent. */
  workspaceId: 0
  keys: string[]
}
export type LiveEvent = TabLiveEvent | StreamsEndedEvent

/** What names a stream's credentials in a `streams-ended` event: hashed, so no session id is stored. */
export const streamKeys = {
  token: (tokenHash: string) => sha256(`stream-token:${tokenHash}`),
  session: (sid: string) => sha256(`stream-session:${sid}`),
  user: (userId: number) => sha256(`stream-user:${userId}`),
}

/** Ends, in every process, the streams opened with these credentials once the caller's transaction commits. */
export function endStreams(tx: DbOrTx, keys: string[]): Promise<void> {
  return publishLive(tx, { type: 'streams-ended', workspaceId: 0, keys })
}

interface Stream {
  userId: number
  serverAdmin: boolean
  /** `streamKeys` of the credentials it was opened with, and of its user. */
  keys: string[]
  send: (id: number, event: TabLiveEvent) => void
  /** Ends it for good: the tab is told not to reconnect (too many of its user's streams are open). */
  supersede: () => void
  /** Ends it because its credentials ended (sign-out, deleted token, new password, deleted account): the tab is told to sign in again. */
  signOut: () => void
  close: () => Promise<void>
}
interface Listener extends Stream {
  /** The newest event this stream has been given: replay and the tail may overlap, nothing goes twice. */
  lastId: number
  /** While its replay is read, what the tail brings waits here, so events reach the stream in order. */
  held: { id: number, event: LiveEvent }[] | null
}

const listeners = new Set<Listener>()

/** Streams one user may hold open in one process (tabs, scripts); opening one more ends the oldest. */
export const MAX_STREAMS_PER_USER = 10

/** Whether this process can take another stream (NUXT_LIVE_MAX_STREAMS); past it, 503 and Retry-After. */
export function streamCapacityLeft(): boolean {
  return listeners.size < Number(useRuntimeConfig().liveMaxStreams)
}

/**
 * Registers an open stream, first replaying what it missed since `afterId` (the page's `liveCursor`, or
 * the browser's Last-Event-ID after a reconnection). The stream is registered before its replay is
 * read, and what the tail delivers meanwhile is held until the replay is out, so nothing slips between
 * them and nothing arrives out of order. The replay is one query for what the reader may hear, with no
 * check per event. The returned function removes the stream.
 */
export async function subscribeLive(stream: Stream, afterId: number | null): Promise<() => void> {
  // Never ahead of the newest event: a cursor from another database (restored, reset) would silence the tab.
  const newest = await liveCursor()
  const listener: Listener = { ...stream, lastId: Math.min(afterId ?? newest, newest), held: [] }
  const mine = [...listeners].filter(l => l.userId === stream.userId)
  for (const oldest of mine.slice(0, Math.max(0, mine.length - MAX_STREAMS_PER_USER + 1))) {
    listeners.delete(oldest)
    oldest.supersede()
  }
  listeners.add(listener)
  const unsubscribe = () => void listeners.delete(listener)
  try {
    const e = tables.liveEvents
    const missed = await useDb().select().from(e).where(and(gt(e.id, listener.lastId), audibleTo(stream))).orderBy(asc(e.id)).limit(500)
    for (const row of missed) {
      listener.lastId = row.id
      listener.send(row.id, JSON.parse(row.payload) as TabLiveEvent)
    }
    // What the tail brought meanwhile went through the checks of a live delivery: send it in order.
    for (;;) {
      const held = listener.held!.splice(0)
      if (held.length === 0) break
      for (const { id, event } of held) await deliver([listener], id, event, { replay: true })
    }
    listener.held = null
  }
  catch (error) {
    unsubscribe()
    throw error
  }
  return unsubscribe
}

/**
 * Where a reader's picture stands in the live events (`GET /api/me`): the newest event they may hear.
 * Never the global newest for someone who is not a server admin, so no counter tells anyone how busy
 * other workspaces are (issue 20).
 */
export async function liveCursorFor(userId: number, serverAdmin: boolean): Promise<number> {
  if (serverAdmin) return liveCursor()
  const { liveEvents: e, workspaceMembers: m } = tables
  const [newest] = await useDb().select({ id: max(e.id) }).from(e)
    .where(inArray(e.workspaceId, useDb().select({ id: m.workspaceId }).from(m).where(eq(m.userId, userId))))
  return newest?.id ?? 0
}

/** The id of the newest live event. */
export async function liveCursor(): Promise<number> {
  const e = tables.liveEvents
  const [newest] = await useDb().select({ id: max(e.id) }).from(e)
  return newest?.id ?? 0
}

/** Open streams would hold a shutting-down server open: end them first. */
export async function closeLiveStreams(): Promise<void> {
  await Promise.all([...listeners].map(l => l.close()))
}

/** Queues an event in the caller's transaction; it is delivered once that transaction has committed. */
export async function publishLive(tx: DbOrTx, event: LiveEvent): Promise<void> {
  // Ids must commit in the order they are given, or a tail could pass one still being written: one
  // publishing write at a time (the store takes the lock; a no-op on SQLite, which has one writer anyway).
  // At commit the store wakes every process listening on the channel, this one included (the plugin's
  // listener pumps; on PostgreSQL NOTIFY reaches its own sender too), so nothing here pumps again.
  const row = { workspaceId: event.workspaceId, payload: JSON.stringify(event), adminsOnly: event.type !== 'streams-ended' && forAdminsOnly(event) }
  await useStore().appendLiveEventAtCommit(tx, row, { lock: 'live-events', channel: LIVE_EVENTS_CHANNEL })
}

/** The PostgreSQL notification channel that wakes every process's tail. */
export const LIVE_EVENTS_CHANNEL = 'live_events'

/** Rows kept for processes that are a little behind; older ones are pruned. */
const KEEP_EVENTS = 1_000
let cursor: number | null = null

/** A process starting up has no streams yet: it tails from the newest event on. Called before any request. */
export async function startLiveEvents(): Promise<void> {
  cursor = await liveCursor()
}

/** One pump at a time; a call while one runs makes it go round once more instead of overlapping it. */
let pumping: Promise<void> | null = null
let pumpAgain = false

/**
 * Delivers the events committed since the last call, by any process, to this process's streams. Runs
 * on a short timer, and right after a write of this process that published something.
 */
export function pumpLiveEvents(): Promise<void> {
  if (pumping) {
    pumpAgain = true
    return pumping
  }
  pumping = (async () => {
    try {
      do {
        pumpAgain = false
        await pumpOnce()
      } while (pumpAgain)
    }
    finally {
      pumping = null
    }
  })()
  return pumping
}

/** The tail's read, prepared once per connection: it runs after every write that publishes. */
const eventsAfter = preparedOnce((db) => {
  const e = tables.liveEvents
  return prepareAs('live_events_after', db.select().from(e).where(gt(e.id, sql.placeholder('cursor'))).orderBy(asc(e.id)).limit(200))
})

async function pumpOnce(): Promise<void> {
  cursor ??= await liveCursor()
  for (;;) {
    const batch = await eventsAfter().execute({ cursor })
    for (const row of batch) {
      cursor = row.id
      if (listeners.size > 0) await deliver(listeners, row.id, JSON.parse(row.payload) as LiveEvent)
    }
    if (batch.length < 200) break
  }
}

export async function pruneLiveEvents(): Promise<void> {
  const newest = await liveCursor()
  if (newest > KEEP_EVENTS) await writeTransaction(tx => tx.delete(tables.liveEvents).where(lte(tables.liveEvents.id, newest - KEEP_EVENTS)))
}

async function deliver(to: Iterable<Listener>, id: number, event: LiveEvent, { replay = false } = {}): Promise<void> {
  if (event.type === 'streams-ended') {
    const ended = new Set(event.keys)
    for (const listener of [...to]) {
      if (!listener.keys.some(key => ended.has(key))) continue
      listeners.delete(listener)
      listener.signOut()
    }
    return
  }
  const recipients = [...to].filter((listener) => {
    if (listener.held && !replay) {
      listener.held.push({ id, event })
      return false
    }
    return id > listener.lastId
  })
  if (recipients.length === 0) return
  const mayHear = await whoMayHear(event)
  for (const listener of recipients) {
    // Checked again: another delivery may have given this stream the event while the audience was read.
    if (id <= listener.lastId) continue
    listener.lastId = id
    if (await mayHear(listener.userId)) listener.send(id, event)
  }
}

