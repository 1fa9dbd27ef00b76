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
  /** The connection for reads outside a write. */
  readonly reader: Db
  /**
   * Runs `work` in one transaction: committed when it settles, rolled back when it throws. Called again
   * from inside a write, it joins that write's transaction instead of waiting for itself.
   */
  write: <R>(work: (tx: Db) => Promise<R>) => Promise<R>
  close: () => void
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

/** A SQLite store on `writer`, migrated by the caller before reads begin. */
export function sqliteStore(writer: Db, path: string): Store {
  // An in-memory database exists once per connection, so there the writer also reads.
  const reader = path === ':memory:' ? writer : openDatabase(path, { readonly: true })
  let queue: Promise<unknown> = Promise.resolve()
  const sqlite = writer.$client
  const transact = async <R>(work: (tx: Db) => Promise<R>): Promise<R> => {
    const open: OpenTransaction = { tx: writer, afterCommit: [] }
    sqlite.exec('BEGIN IMMEDIATE')
    try {
      const out = await openTransaction.run(open, () => work(writer))
      sqlite.exec('COMMIT')
      for (const task of open.afterCommit) setImmediate(task)
      return out
    }
    catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
      throw error
    }
  }
  return {
    reader,
    write: (work) => {
      const joined = openTransaction.getStore()
      if (joined) return work(joined.tx)
      const run = queue.then(() => transact(work))
      queue = run.catch(() => undefined)
      return run
    },
    close: () => {
      if (reader !== writer) reader.$client.close()
      sqlite.close()
    },
  }
}
