import type { Db } from '../types'
import { afterCommit, nextTurn, runInTransaction, type LiveEventRow, type Store } from '../store'
import { sqliteAuditAppend } from './audit-append'
import { sqliteTiles, sqliteTreeNodes, sqliteTreeSize } from './audit-tree-read'
import { openDatabase } from './connection'

/** How often the writer folds the write-ahead log back into the database file, between writes. */
const CHECKPOINT_EVERY_MS = 1000
/** Past this many log pages (about 40 MiB) a commit checkpoints on its own, should the timer fall behind. */
const CHECKPOINT_BACKSTOP_PAGES = 10_000

/**
 * Checkpoints on a timer instead of SQLite's default of one every 1,000 log pages, which under load ran a
 * checkpoint inside every hundredth or so commit, copying the same hot pages (the tables' and indexes'
 * last pages) again each time. Once a second copies each of them once: a write, and most of all an
 * audited one with its event's three pages, costs less (issue 19's support-write ratio).
 */
function checkpointOnATimer(sqlite: Db['$client']) {
  sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_BACKSTOP_PAGES}`)
  const timer = setInterval(() => {
    // A write awaiting between its statements holds the connection's transaction: leave it be.
    if (!sqlite.inTransaction && sqlite.open) sqlite.pragma('wal_checkpoint(PASSIVE)')
  }, CHECKPOINT_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/** The live-event insert, prepared once on the writer (a lent change publishes one with every write). */
function sqliteLiveEventInsert(sqlite: Db['$client']) {
  let insert: ReturnType<typeof sqlite.prepare<[number, string, number]>> | undefined
  return (row: LiveEventRow): void => {
    insert ??= sqlite.prepare<[number, string, number]>('insert into live_events (workspace_id, payload, admins_only) values (?, ?, ?)')
    insert.run(row.workspaceId, row.payload, row.adminsOnly ? 1 : 0)
  }
}

/** What appendAuditAtCommit answers: the append is done before it returns. */
const appended = Promise.resolve()

/** A SQLite store on `writer`, already migrated. */
export function sqliteStore(writer: Db, path: string): Store {
  // An in-memory database exists once per connection, so there the writer also reads.
  const reader = path === ':memory:' ? writer : openDatabase(path, { readonly: true })
  const sqlite = writer.$client
  const append = sqliteAuditAppend(writer)
  const insertLiveEvent = sqliteLiveEventInsert(sqlite)
  const stopCheckpoints = path === ':memory:' ? () => {} : checkpointOnATimer(sqlite)
  let queue: Promise<unknown> = Promise.resolve()
  // What `listen` registered, by channel: PostgreSQL's LISTEN/NOTIFY, within the one process.
  const listeners = new Map<string, Set<() => void>>()
  const wake = (channel: string) => afterCommit(() => listeners.get(channel)?.forEach(callback => callback()))
  const immediate = async <R>(inside: (tx: Db) => Promise<R>): Promise<R> => {
    sqlite.exec('BEGIN IMMEDIATE')
    try {
      const out = await inside(writer)
      sqlite.exec('COMMIT')
      return out
    }
    catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
      throw error
    }
  }
  return {
    reader,
    ready: Promise.resolve(),
    write: work => runInTransaction((inside) => {
      // One write at a time: each waits for the one before it to settle, whatever its outcome, and starts
      // in a turn of the event loop of its own. better-sqlite3 settles every query at once, so without that
      // turn a loop of writes (5,000 expiries recorded at start) would run without letting a request in.
      const run = queue.then(nextTurn).then(() => immediate(inside))
      queue = run.catch(() => undefined)
      return run
    }, work),
    // One writer runs every write alone: there is nothing to lock, and only this process to wake, once the write commits.
    lock: async () => {},
    listen: async (channel, callback) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(callback))
    },
    appendAudit: async (_tx, event) => append(event),
    // The one writer appends in process, at once, with no round trip to save (and no promise of its own to
    // wait for: a support write's only append comes this way, and every async step costs it).
    appendAuditAtCommit: (_tx, event) => {
      append(event)
      return appended
    },
    // The one writer needs no lock, and wakes only this process.
    appendLiveEventAtCommit: async (_tx, row, signal) => {
      insertLiveEvent(row)
      wake(signal.channel)
    },
    readTreeNodes: sqliteTreeNodes,
    readTiles: sqliteTiles,
    treeSize: sqliteTreeSize,
    connectionOf: db => db,
    close: async () => {
      stopCheckpoints()
      if (reader !== writer) reader.$client.close()
      sqlite.close()
    },
  }
}
