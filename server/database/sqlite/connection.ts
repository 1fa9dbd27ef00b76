import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { MigrationMeta } from 'drizzle-orm/migrator'
import { chainAuditPerWorkspace } from './audit-chains'
import { buildAuditTrees } from './audit-tree'
import { cacheDrizzleStatements } from './statement-cache'
import type { Db } from '../types'
import * as schema from './schema'

/** Opens (creating the folder if needed) a SQLite file with the pragmas every connection needs. */
export function openDatabase(path: string, { readonly = false } = {}): Db {
  if (path !== ':memory:' && !readonly) mkdirSync(dirname(path), { recursive: true })
  // NUXT_SQL_LOG_FILE records every statement run, so a test can check each one's query plan.
  const logFile = process.env.NUXT_SQL_LOG_FILE
  const verbose = logFile ? (statement: unknown) => appendFileSync(logFile, `${String(statement).replace(/\s+/g, ' ')}\n`) : undefined
  const sqlite = new Database(path, { readonly, verbose })
  // WAL (which lets the read connection read while the writer writes) is a property of the file, set by the writer.
  if (!readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle(sqlite, { schema }) as Db
  cacheDrizzleStatements(db)
  return db
}

/** Applies the migrations not yet applied; safe to run at every start. */
export function applyMigrations(db: Db, migrations: MigrationMeta[]): void {
  // drizzle's dialect migrator is what drizzle-orm/better-sqlite3/migrator runs, fed from the bundle instead of a folder.
  const { dialect, session } = db as unknown as { dialect: { migrate: (m: MigrationMeta[], s: unknown, c: object) => void }, session: unknown }
  dialect.migrate(migrations, session, {})
  chainAuditPerWorkspace(db.$client)
  buildAuditTrees(db.$client)
}
