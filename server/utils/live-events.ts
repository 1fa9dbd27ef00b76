import { asc, eq, gt, lte, max } from 'drizzle-orm'
import type { SupportStatus } from '#shared/support-status'
import type { DbOrTx } from '../database/connection'

/**
 * Live updates (SPEC 3.8): the server tells open browser tabs that something they show has changed.
 * Events are invalidations, not data: a tab learns "session 4 in acme is now revoked" and re-reads what
 * it shows through the ordinary, authorized routes. So a stream can never show more than its reader
 * may see, and a missed event costs one resync, never a wrong screen.
 *
 * Publishing writes the event in the transaction of its change (it exists if and only if the change
 * committed); every server process tails the table and delivers to its own streams.
 */
export interface SupportLiveEvent {
  type: 'support'
  workspaceId: number
  workspace: string
  sessionId: number
  status: SupportStatus
  requestedBy: number
}
export type LiveEvent = SupportLiveEvent

/** The event that says how a support session stands now, from the session as the API shows it. */
export function supportLiveEvent(session: { id: number, status: SupportStatus, workspace: { id: number, slug: string }, requestedBy: { id: number } }): SupportLiveEvent {
  return { type: 'support', workspaceId: session.workspace.id, workspace: session.workspace.slug, sessionId: session.id, status: session.status, requestedBy: session.requestedBy.id }
}

interface Stream {
  userId: number
  send: (id: number, event: LiveEvent) => void
  close: () => Promise<void>
}
interface Listener extends Stream {
  /** The newest event this stream has been given: replay and the tail may overlap, nothing goes twice. */
  lastId: number
  /** While its replay is read, what the tail brings waits here, so events reach the stream in order. */
  held: { id: number, event: LiveEvent }[] | null
}

const listeners = new Set<Listener>()

/**
 * Registers an open stream, first replaying what it missed since `afterId` (the page's `liveCursor`, or
 * the browser's Last-Event-ID after a reconnection). The stream is registered before its replay is
 * read, and what the tail delivers meanwhile is held until the replay is out, so nothing slips between
 * them and nothing arrives out of order. The returned function removes the stream.
 */
export async function subscribeLive(stream: Stream, afterId: number | null): Promise<() => void> {
  // Never ahead of the newest event: a cursor from another database (restored, reset) would silence the tab.
  const newest = await liveCursor()
  const listener: Listener = { ...stream, lastId: Math.min(afterId ?? newest, newest), held: [] }
  listeners.add(listener)
  const unsubscribe = () => void listeners.delete(listener)
  try {
    const e = tables.liveEvents
    const missed = await useDb().select().from(e).where(gt(e.id, listener.lastId)).orderBy(asc(e.id)).limit(500)
    let replay = missed.map(row => ({ id: row.id, event: JSON.parse(row.payload) as LiveEvent }))
    // Delivering awaits, and the tail may hold more meanwhile: drain until nothing is held, then stop holding.
    for (;;) {
      for (const { id, event } of replay) await deliver([listener], id, event, { replay: true })
      replay = listener.held!.splice(0)
      if (replay.length === 0) break
    }
    listener.held = null
  }
  catch (error) {
    unsubscribe()
    throw error
  }
  return unsubscribe
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
  // publishing write at a time (a no-op on SQLite, which has one writer anyway).
  await serializeWrites(tx, 'live-events')
  await tx.insert(tables.liveEvents).values({ workspaceId: event.workspaceId, payload: JSON.stringify(event) })
  // This process's tabs hear of it at once; other processes on PostgreSQL are notified at commit.
  await useStore().notify(tx, LIVE_EVENTS_CHANNEL)
  afterCommit(() => void pumpLiveEvents())
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

async function pumpOnce(): Promise<void> {
  const e = tables.liveEvents
  cursor ??= await liveCursor()
  for (;;) {
    const batch = await useDb().select().from(e).where(gt(e.id, cursor)).orderBy(asc(e.id)).limit(200)
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
  const recipients = [...to].filter((listener) => {
    if (listener.held && !replay) {
      listener.held.push({ id, event })
      return false
    }
    return id > listener.lastId
  })
  if (recipients.length === 0) return
  const concerned = await membersAndRequester(event)
  const mayHear = new Map<number, boolean>()
  for (const listener of recipients) {
    // Checked again: another delivery may have given this stream the event while the members were read.
    if (id <= listener.lastId) continue
    listener.lastId = id
    const { userId } = listener
    if (!mayHear.has(userId)) mayHear.set(userId, concerned.has(userId) || await isServerAdmin(userId))
    if (mayHear.get(userId)) listener.send(id, event)
  }
}

/**
 * Who a support-session transition concerns (SPEC 3.8): the requester and every member and guest of
 * the workspace; server admins too, who can read every workspace. Nobody else hears of it. Roles are
 * read at delivery, so a stream opened before a demotion or removal learns nothing after it.
 */
async function membersAndRequester(event: LiveEvent): Promise<Set<number>> {
  const m = tables.workspaceMembers
  const members = await useDb().select({ id: m.userId }).from(m).where(eq(m.workspaceId, event.workspaceId))
  return new Set([event.requestedBy, ...members.map(r => r.id)])
}

async function isServerAdmin(userId: number): Promise<boolean> {
  const u = tables.users
  const [user] = await useDb().select({ role: u.serverRole }).from(u).where(eq(u.id, userId))
  return user?.role === 'admin'
}
