import type Database from 'better-sqlite3'
import type { Db } from '../types'

/** Distinct SQL texts a connection keeps compiled; the app runs about 250, a list of `?`s adds a few per length. */
export const STATEMENT_CACHE_LIMIT = 500

/**
 * Drizzle hands better-sqlite3 the SQL of every query it runs, and better-sqlite3 compiles it anew each
 * time: about 0.1 ms a statement here, a tenth of a comment's write (measured with a CPU profile of the
 * server tests and of the bench's write). The connection keeps each compiled statement by its SQL text
 * instead, for drizzle's queries only: the app's own hand-prepared statements (the audit append's) set
 * modes on theirs that a shared one would lose.
 *
 * A statement carries one mode across uses: drizzle reads rows as arrays (`raw()`) when it maps the
 * columns itself and as objects when it does not, so every hand-out resets it to objects. SQLite
 * compiles a kept statement again by itself after a schema change. The oldest text goes when the
 * cache is full.
 */
export function cacheDrizzleStatements(db: Db, limit = STATEMENT_CACHE_LIMIT): void {
  const sqlite = db.$client
  const kept = new Map<string, Database.Statement>()
  const session = (db as unknown as { session: { client: Pick<Database.Database, 'prepare' | 'transaction'> } }).session
  session.client = {
    prepare: ((source: string) => {
      const statement = kept.get(source)
      if (statement) {
        if (statement.reader) statement.raw(false)
        return statement
      }
      const compiled = sqlite.prepare(source)
      if (kept.size >= limit) kept.delete(kept.keys().next().value!)
      kept.set(source, compiled)
      return compiled
    }) as Database.Database['prepare'],
    transaction: (fn => sqlite.transaction(fn)) as Database.Database['transaction'],
  }
}
