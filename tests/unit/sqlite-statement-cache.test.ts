import { eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/database/sqlite/connection'
import { cacheDrizzleStatements } from '../../server/database/sqlite/statement-cache'
import * as schema from '../../server/database/sqlite/schema'
import type { Db } from '../../server/database/types'

/** A migrated-enough in-memory database whose compilations are counted by SQL text. */
function counted(limit?: number) {
  const sqlite = new Database(':memory:')
  sqlite.exec(`create table users (id integer primary key, name text not null, password_hash text not null default '', server_role text not null default 'user', created_at integer not null default 0, last_sign_in_at integer)`)
  const compiled = new Map<string, number>()
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    compiled.set(source, (compiled.get(source) ?? 0) + 1)
    return prepare(source)
  }) as typeof sqlite.prepare
  const db = drizzle(sqlite, { schema }) as unknown as Db
  cacheDrizzleStatements(db, limit)
  return { db, sqlite, compiled }
}

describe('SQLite statement cache (drizzle queries)', () => {
  it('compiles each SQL text once, whatever its values', () => {
    const { db, compiled } = counted()
    for (const name of ['Ada', 'Ben', 'Cy']) db.insert(schema.users).values({ name, passwordHash: 'x' }).run()
    for (const name of ['Ada', 'Ben', 'Cy']) expect(db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.name, name)).get()).toBeTruthy()
    expect([...compiled.values()]).toEqual([1, 1])
  })

  it('hands a statement read as arrays back reading objects, and the other way round', () => {
    const { db } = counted()
    db.insert(schema.users).values({ name: 'Ada', passwordHash: 'x' }).run()
    const text = sql`select "id", "name" from "users"`
    // drizzle reads mapped selections as arrays (raw mode) and plain SQL as objects: the same text both ways.
    expect(db.all(text)).toEqual([{ id: 1, name: 'Ada' }])
    expect(db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).all()).toEqual([{ id: 1, name: 'Ada' }])
    expect(db.all(text)).toEqual([{ id: 1, name: 'Ada' }])
    expect(db.get(text)).toEqual({ id: 1, name: 'Ada' })
    expect(db.values(text)).toEqual([[1, 'Ada']])
    expect(db.all(text)).toEqual([{ id: 1, name: 'Ada' }])
  })

  it('keeps at most its limit, dropping the oldest text', () => {
    const { db, compiled } = counted(2)
    const select = (n: number) => db.all(sql.raw(`select ${n} as n`))
    select(1)
    select(2)
    select(3) // drops "select 1"
    select(2)
    select(1) // compiled again
    expect(compiled.get('select 1 as n')).toBe(2)
    expect(compiled.get('select 2 as n')).toBe(1)
  })

  it('runs drizzle transactions, nested ones too, and rolls back what throws', () => {
    const { db } = counted()
    expect(() => db.transaction((tx) => {
      tx.insert(schema.users).values({ name: 'Ada', passwordHash: 'x' }).run()
      tx.transaction(inner => inner.insert(schema.users).values({ name: 'Ben', passwordHash: 'x' }).run())
      throw new Error('no')
    })).toThrow('no')
    db.transaction((tx) => {
      tx.insert(schema.users).values({ name: 'Cy', passwordHash: 'x' }).run()
      expect(() => tx.transaction(() => {
        tx.insert(schema.users).values({ name: 'Di', passwordHash: 'x' }).run()
        throw new Error('inner')
      })).toThrow('inner')
    })
    expect(db.select({ name: schema.users.name }).from(schema.users).all()).toEqual([{ name: 'Cy' }])
  })

  it('is what every connection the app opens uses, and a kept statement follows a schema change', () => {
    const db = openDatabase(':memory:')
    db.$client.exec('create table t (a integer)')
    db.$client.exec('insert into t values (1)')
    const text = sql.raw('select * from t')
    expect(db.all(text)).toEqual([{ a: 1 }])
    db.$client.exec('alter table t add column b integer default 2')
    expect(db.all(text)).toEqual([{ a: 1, b: 2 }])
    db.$client.close()
  })
})
