import migrations from '#migrations'
import { applyMigrations, openDatabase, type Db } from '../database/connection'
import * as schema from '../database/schema'
import { currentTransaction, sqliteStore, type Store } from '../database/store'

export { afterCommit } from '../database/store'

export const tables = schema

let store: Store | undefined

/** The store of this server process, migrated on first use. */
export function useStore(): Store {
  if (!store) {
    const path = useRuntimeConfig().databasePath
    const writer = openDatabase(path)
    applyMigrations(writer, migrations)
    store = sqliteStore(writer, path)
  }
  return store
}

/** The database for a query: the open write's transaction when there is one, else the read connection. */
export function useDb(): Db {
  return currentTransaction() ?? useStore().reader
}

/** Runs `work` as one write transaction (see store.ts); every change to the database goes through here. */
export function writeTransaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
  return useStore().write(work)
}

/** How many rows an UPDATE or DELETE changed, from the driver's answer (SQLite `changes`, PostgreSQL `rowCount`). */
export function affectedRows(result: unknown): number {
  const r = result as { changes?: number, rowCount?: number | null }
  return r.changes ?? r.rowCount ?? 0
}

/** The first row of a query, or undefined: what better-sqlite3's `.get()` gave, for either store. */
export async function firstRow<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0]
}

/** Whether a query finds any row. */
export async function anyRow(query: PromiseLike<unknown[]>): Promise<boolean> {
  return (await query).length > 0
}

/** The `n` of a `select({ n: count() })`, or 0. */
export async function countOf(query: PromiseLike<{ n: number }[]>): Promise<number> {
  return (await query)[0]?.n ?? 0
}
