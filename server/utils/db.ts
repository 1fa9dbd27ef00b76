import migrations from '#migrations'
import { applyMigrations, openDatabase, type Db } from '../database/connection'
import * as schema from '../database/schema'

export const tables = schema

let db: Db | undefined

/** The one database connection of this server process, migrated on first use. */
export function useDb(): Db {
  if (!db) {
    db = openDatabase(useRuntimeConfig().databasePath)
    applyMigrations(db, migrations)
  }
  return db
}
