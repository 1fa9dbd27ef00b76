import type { Db } from '../database/connection'

/**
 * A statement built and prepared once per connection: hot paths (authentication, authorization) skip
 * re-building SQL on every request, and better-sqlite3 reuses the compiled statement.
 */
export function preparedOnce<T>(build: (db: Db) => T): () => T {
  const cache = new WeakMap<object, T>()
  return () => {
    const db = useDb()
    const connection = connectionOf(db)
    let statement = cache.get(connection)
    if (!statement) {
      statement = build(db)
      cache.set(connection, statement)
    }
    return statement
  }
}

/**
 * What a Db runs its statements on. Each PostgreSQL transaction is a new Db on one of a few pooled
 * connections, and only one transaction uses a connection at a time, so statements built for an earlier
 * transaction on the same connection serve the next one instead of being built again for every write.
 * The pool itself, and each SQLite connection, are one Db each.
 */
function connectionOf(db: Db): object {
  return (db as unknown as { session?: { client?: object } }).session?.client ?? db
}

/**
 * Prepares `query` under `name`. On PostgreSQL it becomes a named statement: each pooled connection
 * parses and plans it once, then sends only its parameters (the standing query is a long statement with
 * subqueries, and planning it on every request was much of what a read cost the database). SQLite
 * prepares every statement anyway and ignores the name. Names must be unique per SQL text.
 */
export function prepareAs<Q extends { prepare: () => unknown }>(name: string, query: Q): ReturnType<Q['prepare']> {
  return (query.prepare as (name: string) => ReturnType<Q['prepare']>).call(query, name)
}
