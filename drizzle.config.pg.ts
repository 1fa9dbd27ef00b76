import { defineConfig } from 'drizzle-kit'

/** The PostgreSQL store's migrations (issue 13); drizzle.config.ts keeps SQLite's. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/database/postgres/schema.ts',
  out: './server/database/postgres/migrations',
})
