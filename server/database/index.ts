import migrations, { postgresMigrations } from '#migrations'
import { alias as postgresAlias } from 'drizzle-orm/pg-core'
import { alias as sqliteAlias } from 'drizzle-orm/sqlite-core'
import * as postgresSchema from './postgres/schema'
import { deferredStore } from './deferred-store'
import { applyMigrations, openDatabase } from './sqlite/connection'
import * as sqliteSchema from './sqlite/schema'
import { sqliteStore } from './sqlite/store'
import { currentTransaction, type Store } from './store'
import type { Db } from './types'

/**
 * The database of this server process, as every other layer uses it. Everything that differs between
 * SQLite and PostgreSQL is decided in this folder: the store (store.ts) answers what callers would
 * otherwise branch on.
 */
export { afterCommit, chainOf, nextTurn } from './store'
export type { UnchainedAuditEvent } from './store'
export type { Db, DbOrTx, Tx } from './types'

/** Whether this process runs on PostgreSQL: `NUXT_DATABASE_URL=postgres://…` (SPEC 2). */
function usesPostgres(): boolean {
  return /^postgres(ql)?:\/\//.test(process.env.NUXT_DATABASE_URL ?? '')
}

/**
 * The tables the services query. Both schemas have the same tables and columns (postgres/schema.ts
 * mirrors sqlite/schema.ts), so the services are written once, against SQLite's types, and run on
 * either store. Chosen when the server starts, from its environment, before any query is built.
 */
export const tables = (usesPostgres() ? postgresSchema : sqliteSchema) as unknown as typeof sqliteSchema

/** A table under another name, for joining it twice (the store's dialect builds it). */
export const tableAlias = (usesPostgres() ? postgresAlias : sqliteAlias) as typeof sqliteAlias

let store: Store | undefined

/** The store of this server process, migrated (SQLite) or migrating (PostgreSQL: see `ready`) on first use. */
export function useStore(): Store {
  if (!store) {
    if (usesPostgres()) {
      // Its driver is loaded here, not with the server's code (deferred-store.ts).
      store = deferredStore(import('./postgres/store').then(({ postgresStore }) => postgresStore(process.env.NUXT_DATABASE_URL!, postgresMigrations)))
    }
    else {
      const path = useRuntimeConfig().databasePath
      const writer = openDatabase(path)
      applyMigrations(writer, migrations)
      store = sqliteStore(writer, path)
    }
  }
  return store
}

/**
 * Whether several app processes may share this database (PostgreSQL), so that secrets generated on first
 * start (the session password, the audit signing key) must be given to each instead. Known before the
 * store opens, from the environment.
 */
export const databaseSharedByInstances = (): boolean => usesPostgres()

/** The database for a query: the open write's transaction when there is one, else the read connection. */
export function useDb(): Db {
  return currentTransaction() ?? useStore().reader
}

/** Runs `work` as one write transaction (see store.ts); every change to the database goes through here. */
export function writeTransaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
  return useStore().write(work)
}

/**
 * Makes writes that name the same thing (a workspace, an audit chain, a sign-in address) run one after
 * another until this write commits, in every app process; see Store.lock.
 */
export function serializeWrites(tx: Db, name: string): Promise<void> {
  return useStore().lock(tx, name)
}

/** How many rows an UPDATE or DELETE changed, from the driver's answer (SQLite `changes`, PostgreSQL `rowCount`). */
export function affectedRows(result: unknown): number {
  const r = result as { changes?: number, rowCount?: number | null }
  return r.changes ?? r.rowCount ?? 0
}

/** Whether a query finds any row. */
export async function anyRow(query: PromiseLike<unknown[]>): Promise<boolean> {
  return (await query).length > 0
}

/** The `n` of a `select({ n: count() })`, or 0. */
export async function countOf(query: PromiseLike<{ n: number }[]>): Promise<number> {
  return (await query)[0]?.n ?? 0
}
