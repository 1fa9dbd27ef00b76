import type Database from 'better-sqlite3'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type * as schema from './sqlite/schema'

/**
 * The query builder services write against. Both stores have the same tables and columns
 * (postgres/schema.ts mirrors sqlite/schema.ts), so services are written once, against SQLite's types,
 * and run on either store; the store behind `useDb()` is chosen when the server starts.
 */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/** A write's transaction (see store.ts): the same query builder as the database itself. */
export type Tx = Db
export type DbOrTx = Db
