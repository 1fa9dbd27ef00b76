import { sql } from 'drizzle-orm'
import { tables, useDb } from '~~/server/database'

/**
 * Answers once the database does.
 * @answer healthAnswer
 */
export default defineEventHandler(async () => {
  await useDb().select({ one: sql`1` }).from(tables.workspaces).limit(1)
  return { status: 'ok' }
})
