import { getTableColumns, getTableName, is, Table } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as postgres from '../../server/database/postgres/schema'
import * as sqlite from '../../server/database/sqlite/schema'

/**
 * The services are written once, against schema.ts, and run on PostgreSQL through schema-pg.ts (issue 13):
 * the two must name the same tables and columns, with the same nullability, or a query would break on
 * one store only.
 */
function shape(schema: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(schema).filter(([, t]) => is(t, Table)).map(([key, table]) => [key, {
    name: getTableName(table as Table),
    columns: Object.fromEntries(Object.entries(getTableColumns(table as Table)).map(([field, c]) => [field, { name: c.name, notNull: c.notNull, hasDefault: c.hasDefault, enum: c.enumValues ?? null }])),
  }]))
}

describe('the PostgreSQL schema mirrors the SQLite one', () => {
  it('has every table and column of schema.ts, under the same names and with the same nullability and defaults', () => {
    const pg = shape(postgres)
    // The one table only PostgreSQL's schema declares: SQLite's is made by a hand-written migration (0008).
    delete pg.workspacesVersion
    expect(pg).toEqual(shape(sqlite))
  })
})
