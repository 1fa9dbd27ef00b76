import { sql } from 'drizzle-orm'

/**
 * Answers once the database does.
 * @answer healthAnswer
 */
export default defineEventHandler(() => {
  useDb().get(sql`select 1`)
  return { status: 'ok' }
})
