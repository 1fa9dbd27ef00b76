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
}

const listeners = new Set<Listener>()

/**
 * Registers an open stream, first replaying what it missed since `afterId` (the page's `liveCursor`, or
 * the browser's Last-Event-ID after a reconnection). Replay and registration happen in one synchronous
 * step, so the tail cannot slip an event in between. The returned function removes the stream.
 */
export function subscribeLive(stream: Stream, afterId: number | null): () => void {
  // Never ahead of the newest event: a cursor from another database (restored, reset) would silence the tab.
  const newest = liveCursor()
  const listener: Listener = { ...stream, lastId: Math.min(afterId ?? newest, newest) }
  const e = tables.liveEvents
  const missed = useDb().select().from(e).where(gt(e.id, listener.lastId)).orderBy(asc(e.id)).limit(500).all()
  for (const row of missed) deliver([listener], row.id, JSON.parse(row.payload) as LiveEvent)
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

/** The id of the newest live event. */
export function liveCursor(): number {
  const e = tables.liveEvents
  return useDb().select({ id: max(e.id) }).from(e).get()?.id ?? 0
}

/** Open streams would hold a shutting-down server open: end them first. */
export async function closeLiveStreams(): Promise<void> {
  await Promise.all([...listeners].map(l => l.close()))
}

/** Queues an event in the caller's transaction; it is delivered once that transaction has committed. */
export function publishLive(tx: DbOrTx, event: LiveEvent): void {
  tx.insert(tables.liveEvents).values({ workspaceId: event.workspaceId, payload: JSON.stringify(event) }).run()
}

/** Rows kept for processes that are a little behind; older ones are pruned. */
const KEEP_EVENTS = 1_000
let cursor: number | null = null

/** A process starting up has no streams yet: it tails from the newest event on. Called before any request. */
export function startLiveEvents(): void {
  cursor = liveCursor()
}

/**
 * Delivers the events committed since the last call, by any process, to this process's streams. Runs
 * on a short timer, and right after a write of this process that published something.
 */
export function pumpLiveEvents(): void {
  const e = tables.liveEvents
  const db = useDb()
  cursor ??= liveCursor()
  for (;;) {
    const batch = db.select().from(e).where(gt(e.id, cursor)).orderBy(asc(e.id)).limit(200).all()
    for (const row of batch) {
      cursor = row.id
      if (listeners.size > 0) deliver(listeners, row.id, JSON.parse(row.payload) as LiveEvent)
    }
    if (batch.length < 200) break
  }
}

export function pruneLiveEvents(): void {
  const newest = liveCursor()
  if (newest > KEEP_EVENTS) useDb().delete(tables.liveEvents).where(lte(tables.liveEvents.id, newest - KEEP_EVENTS)).run()
}

function deliver(to: Iterable<Listener>, id: number, event: LiveEvent): void {
  const concerned = membersAndRequester(event)
  const mayHear = new Map<number, boolean>()
  for (const listener of to) {
    if (id <= listener.lastId) continue
    listener.lastId = id
    const { userId } = listener
    if (!mayHear.has(userId)) mayHear.set(userId, concerned.has(userId) || isServerAdmin(userId))
    if (mayHear.get(userId)) listener.send(id, event)
  }
}

/**
 * Who a support-session transition concerns (SPEC 3.8): the requester and every member and guest of
 * the workspace; server admins too, who can read every workspace. Nobody else hears of it. Roles are
 * read at delivery, so a stream opened before a demotion or removal learns nothing after it.
 */
function membersAndRequester(event: LiveEvent): Set<number> {
  const m = tables.workspaceMembers
  const members = useDb().select({ id: m.userId }).from(m).where(eq(m.workspaceId, event.workspaceId)).all()
  return new Set([event.requestedBy, ...members.map(r => r.id)])
}

function isServerAdmin(userId: number): boolean {
  const u = tables.users
  return useDb().select({ role: u.serverRole }).from(u).where(eq(u.id, userId)).get()?.role === 'admin'
}
