import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/database/sqlite/schema.ts',
  out: './server/database/sqlite/migrations',
})
