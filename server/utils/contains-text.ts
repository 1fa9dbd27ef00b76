import { sql, type AnyColumn, type SQL } from 'drizzle-orm'

/**
 * `column` contains `q` anywhere, ignoring case, on both stores: LIKE with `q`'s own %, _ and the escape
 * character matched as themselves ("50%" finds "50%", not everything).
 */
export function containsText(column: AnyColumn, q: string): SQL {
  const pattern = `%${q.toLowerCase().replace(/[!%_]/g, c => `!${c}`)}%`
  return sql`lower(${column}) like ${pattern} escape '!'`
}
