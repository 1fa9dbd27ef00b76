import { useDb, useStore } from '.'
import type { Db } from './types'

/**
 * A statement built and prepared once per connection: hot paths (authentication, authorization) skip
 * re-building SQL on every request, and better-sqlite3 reuses the compiled statement.
 */
export function preparedOnce<T>(build: (db: Db) => T): () => T {
  const cache = new WeakMap<object, T>()
  return () => {
    const db = useDb()
    const connection = useStore().connectionOf(db)
    let statement = cache.get(connection)
    if (!statement) {
      statement = build(db)
      cache.set(connection, statement)
    }
    return statement
  }
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
