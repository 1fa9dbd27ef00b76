import { AsyncLocalStorage } from 'node:async_hooks'
import type { ChainedEvent } from '#shared/audit-chain.mjs'
import type { AuditTile } from '#shared/transparency/audit-tiles'
import type { Db } from './types'

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
  /** Calls `callback` whenever a write, of this process or another, wakes `channel` (appendLiveEventAtCommit's signal). */
  listen: (channel: string, callback: () => void) => Promise<void>
  /**
   * Appends an event to its chain (its workspace's, or the server's) inside the open write `tx`, so it
   * commits or rolls back with the change it records; each store does it in as few steps as it can.
   */
  appendAudit: (tx: Db, event: UnchainedAuditEvent) => Promise<AppendedAuditEvent>
  /**
   * Appends an event nobody needs the id or hash of, as part of the open write `tx`: on PostgreSQL in the
   * message that carries its COMMIT (no round trip of its own; should it fail, the write does not
   * commit), on SQLite at once. `appendAudit` sends the waiting events before its own, so the chain keeps
   * the order of recording, and an audit read inside the write sees them once an `appendAudit` ran (the
   * announcements, the only such reads, all follow one).
   */
  appendAuditAtCommit: (tx: Db, event: UnchainedAuditEvent) => Promise<void>
  /**
   * Adds a row to `live_events` as part of the open write `tx`, holding the lock `lock` (so ids commit in
   * the order they are given) and waking the processes listening on `channel` once it commits. On
   * PostgreSQL all three travel in the message that carries the COMMIT, after the events appended at
   * commit (the order every write takes these locks in: chain head, then live events); on SQLite the one
   * writer inserts at once. Nothing in the write reads the row back.
   */
  appendLiveEventAtCommit: (tx: Db, row: LiveEventRow, signal: { lock: string, channel: string }) => Promise<void>
  /**
   * Reads stored nodes of a chain's Merkle tree (`audit_subtrees`) by primary key, in one statement (SPEC 3.14: a
   * root or a proof costs O(log n) reads); a position not stored is simply not in the answer.
   */
  readTreeNodes: (db: Db, chain: string, positions: readonly TreePosition[]) => Promise<StoredTreeNode[]>
  /**
   * Each of `tiles` (runs of TILE_WIDTH leaves, shared/transparency/tiles.ts) as stored, in one statement: its
   * events oldest first (a complete tile's TILE_WIDTH, the one still filling what it holds so far), the chain
   * hash its first event follows, and its stored root if it is complete (shared/transparency/audit-tiles.ts
   * checks they agree). A tile starts after the last event of the tile before it, which that tile's stored
   * root names: one index range read each.
   */
  readTiles: (db: Db, chain: string, tiles: readonly number[]) => Promise<Map<number, AuditTile>>
  /** How many leaves the chain's tree holds as `db` sees it: its complete tiles' leaves and the events after them. */
  treeSize: (db: Db, chain: string) => Promise<number>
  /** What a Db runs its statements on, for statements prepared once per connection (prepared.ts). */
  connectionOf: (db: Db) => object
  close: () => Promise<void>
}

/** A live event as stored: the tail delivers `payload` to the streams that may hear it. */
export interface LiveEventRow { workspaceId: number, payload: string, adminsOnly: boolean }

/** A node of a chain's Merkle tree: its level (0: leaves; only TILE_HEIGHT and above are stored) and index in that level. */
export interface TreePosition { level: number, index: number }
export interface StoredTreeNode { level: number, index: number, hash: Uint8Array }

/** An audit event as a change states it, before its place in the chain is known. */
export type UnchainedAuditEvent = Omit<ChainedEvent, 'id' | 'prevHash' | 'hash'>
export type AppendedAuditEvent = Pick<ChainedEvent, 'id' | 'prevHash' | 'hash'>

/** The chain an event belongs to: its workspace's, or the server's for events without one. */
export const chainOf = (workspaceId: number | null) => (workspaceId === null ? 'server' : String(workspaceId))

/** The workspace whose events make up `chain` (null: the server's): the inverse of chainOf. */
export const workspaceOfChain = (chain: string): number | null => (chain === 'server' ? null : Number(chain))

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
