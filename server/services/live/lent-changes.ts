import { afterCommit, writeTransaction, type DbOrTx } from '../../database'
import { supportLiveEvent } from '../support/live'
import { publishLive } from './bus'

/** A session's open tabs hear of its lent changes at most this often: the first at once, a burst's last within it. */
export const LENT_CHANGE_EVENT_MS = 1000

interface LentChange { workspace: { id: number, slug: string }, sessionId: number, actorId: number }

const lastPublished = new Map<number, number>()
const trailing = new Set<number>()

/**
 * The live event of a change a support session lent (issue 35: open Support pages follow its change
 * count). It is an invalidation, "session 4 moved", on which every tab that shows the session reads it
 * again; a script making a hundred changes a second would otherwise write a hundred events and make each
 * tab read a hundred times. So a session's first change in a while publishes in its own transaction, as
 * every live event does, and the changes within the next `LENT_CHANGE_EVENT_MS` publish one more event
 * when it has passed, in a write of its own once theirs committed: a tab is never more than that behind,
 * and a change that rolled back publishes nothing. The audit event of every change is appended in its
 * own transaction regardless (record.ts); only the tabs' wake-up is shared.
 */
export async function publishLentChange(db: DbOrTx, change: LentChange): Promise<void> {
  const now = performance.now()
  const last = lastPublished.get(change.sessionId)
  if (last === undefined || now - last >= LENT_CHANGE_EVENT_MS) {
    if (lastPublished.size >= 10_000) lastPublished.clear()
    lastPublished.set(change.sessionId, now)
    return publishLive(db, eventOf(change))
  }
  afterCommit(() => publishAfterWindow(change, last + LENT_CHANGE_EVENT_MS - now))
}

function publishAfterWindow(change: LentChange, delayMs: number): void {
  if (trailing.has(change.sessionId)) return
  trailing.add(change.sessionId)
  const timer = setTimeout(() => {
    trailing.delete(change.sessionId)
    lastPublished.set(change.sessionId, performance.now())
    writeTransaction(tx => publishLive(tx, eventOf(change)))
      .catch(error => console.error('[live-events] a lent change\'s event failed', error))
  }, Math.max(0, delayMs))
  timer.unref()
}

const eventOf = (change: LentChange) => supportLiveEvent({ id: change.sessionId, status: 'active', workspace: change.workspace, requestedBy: { id: change.actorId } })
