import { readMigrationFiles } from 'drizzle-orm/migrator'

export const MIGRATIONS_FOLDER = 'server/database/migrations'

/**
 * Source of the `#migrations` virtual module: the committed migrations read at build time and
 * inlined into the server bundle, so `.output` migrates its database wherever it is run from.
 */
export function migrationsModuleSource(rootDir: string): string {
  const migrations = readMigrationFiles({ migrationsFolder: `${rootDir}/${MIGRATIONS_FOLDER}` })
  return `export default ${JSON.stringify(migrations)}`
}
