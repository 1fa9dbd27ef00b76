import { defineConfig } from 'drizzle-kit'

/** The PostgreSQL store's migrations (issue 13); drizzle.config.ts keeps SQLite's. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/database/schema-pg.ts',
  out: './server/database/migrations-pg',
})
