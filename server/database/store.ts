import { AsyncLocalStorage } from 'node:async_hooks'
import { openDatabase, type Db } from './connection'

/**
 * The database as services use it: reads that never see another request's uncommitted rows, and
 * writes, one transaction at a time, whose callbacks may `await`.
 *
 * better-sqlite3 runs a transaction synchronously on its connection, and every statement on that
 * connection joins whatever transaction is open. So the SQLite store keeps two connections to the one
 * file: a read-only one for reads (in WAL mode it sees only committed data) and a writer that runs one
 * `BEGIN IMMEDIATE … COMMIT` at a time, queued behind an async lock. Other processes on the same file
 * wait on SQLite's own lock, as before.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres'
  /** The connection for reads outside a write. */
  readonly reader: Db
  /** Settles once the schema is migrated; requests wait for it. */
  readonly ready: Promise<void>
  /**
   * Runs `work` in one transaction: committed when it settles, rolled back when it throws. Called again
   * from inside a write, it joins that write's transaction instead of waiting for itself.
   */
  write: <R>(work: (tx: Db) => Promise<R>) => Promise<R>
  /**
   * Holds `name` until the write commits, so writes that take the same name run one after another in
   * every app process (PostgreSQL). SQLite's one writer already runs every write alone.
   */
  lock: (tx: Db, name: string) => Promise<void>
  /** Wakes the processes listening on `channel` once the write commits (PostgreSQL NOTIFY); SQLite has one process to wake, see afterCommit. */
  notify: (tx: Db, channel: string) => Promise<void>
  /** Calls `callback` whenever another process notifies `channel`. */
  listen: (channel: string, callback: () => void) => Promise<void>
  close: () => Promise<void>
}

interface OpenTransaction {
  tx: Db
  /** Work that must wait until the change is visible to everyone (waking the workers that send it). */
  afterCommit: (() => void)[]
}

/** The transaction of the write this code runs in, if any: `useDb()` answers it, so a read inside a write sees the write's own rows. */
const openTransaction = new AsyncLocalStorage<OpenTransaction>()

export function currentTransaction(): Db | undefined {
  return openTransaction.getStore()?.tx
}

/** Runs `task` once the open write has committed (never, if it rolls back); outside a write, soon. */
export function afterCommit(task: () => void): void {
  const open = openTransaction.getStore()
  if (open) open.afterCommit.push(task)
  else setImmediate(task)
}

/**
 * What every store's `write` does around its own way of opening a transaction: join the open write if
 * there is one, make the transaction what `useDb()` answers inside it, and run the after-commit work.
 */
export async function runInTransaction<R>(transact: (inside: (tx: Db) => Promise<R>) => Promise<R>, work: (tx: Db) => Promise<R>): Promise<R> {
  const joined = openTransaction.getStore()
  if (joined) return work(joined.tx)
  const committed: (() => void)[] = []
  const out = await transact(tx => openTransaction.run({ tx, afterCommit: committed }, () => work(tx)))
  for (const task of committed) setImmediate(task)
  return out
}

/** Resolves in the next turn of the event loop, after the I/O waiting now (requests) has had its turn. */
export const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve))

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

/** A SQLite store on `writer`, already migrated. */
export function sqliteStore(writer: Db, path: string): Store {
  // An in-memory database exists once per connection, so there the writer also reads.
  const reader = path === ':memory:' ? writer : openDatabase(path, { readonly: true })
  const sqlite = writer.$client
  const stopCheckpoints = path === ':memory:' ? () => {} : checkpointOnATimer(sqlite)
  let queue: Promise<unknown> = Promise.resolve()
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
    dialect: 'sqlite',
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
    lock: async () => {},
    notify: async () => {},
    listen: async () => {},
    close: async () => {
      stopCheckpoints()
      if (reader !== writer) reader.$client.close()
      sqlite.close()
    },
  }
}
