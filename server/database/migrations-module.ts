import { readMigrationFiles } from 'drizzle-orm/migrator'

export const MIGRATIONS_FOLDER = 'server/database/sqlite/migrations'
export const PG_MIGRATIONS_FOLDER = 'server/database/postgres/migrations'

/**
 * Source of the `#migrations` virtual module: the committed migrations of both stores read at build
 * time and inlined into the server bundle, so `.output` migrates its database wherever it is run from.
 */
export function migrationsModuleSource(rootDir: string): string {
  const sqlite = readMigrationFiles({ migrationsFolder: `${rootDir}/${MIGRATIONS_FOLDER}` })
  const postgres = readMigrationFiles({ migrationsFolder: `${rootDir}/${PG_MIGRATIONS_FOLDER}` })
  return `export default ${JSON.stringify(sqlite)}\nexport const postgresMigrations = ${JSON.stringify(postgres)}`
}
