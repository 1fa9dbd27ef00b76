import type { Db } from '../database/connection'

/**
 * A statement built and prepared once per connection: hot paths (authentication, authorization) skip
 * re-building SQL on every request, and better-sqlite3 reuses the compiled statement.
 */
export function preparedOnce<T>(build: (db: Db) => T): () => T {
  const cache = new WeakMap<Db, T>()
  return () => {
    const db = useDb()
    let statement = cache.get(db)
    if (!statement) {
      statement = build(db)
      cache.set(db, statement)
    }
    return statement
  }
}
