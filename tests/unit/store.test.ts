import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { count, eq } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/database/sqlite/connection'
import * as t from '../../server/database/sqlite/schema'
import { sqliteStore } from '../../server/database/sqlite/store'
import { afterCommit, currentTransaction, type Store } from '../../server/database/store'

/** The SQLite store (issue 13): reads never see an open write, writes whose callbacks await run one at a time. */
let dir: string
let store: Store

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sa-store-'))
  const path = join(dir, 'app.sqlite')
  const writer = openDatabase(path)
  migrate(writer, { migrationsFolder: 'server/database/sqlite/migrations' })
  store = sqliteStore(writer, path)
})
afterEach(() => {
  void store.close()
  rmSync(dir, { recursive: true, force: true })
})

const users = async () => (await store.reader.select({ n: count() }).from(t.users))[0]!.n
const addUser = (tx: Parameters<Parameters<Store['write']>[0]>[0], name: string) => tx.insert(t.users).values({ name, passwordHash: 'x' })
const tick = () => new Promise(resolve => setImmediate(resolve))

describe('the SQLite store', () => {
  it('never shows a read the rows of a write that has not committed', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const writing = store.write(async (tx) => {
      await addUser(tx, 'Uncommitted')
      // Inside the write, its own row is there.
      expect((await tx.select().from(t.users).where(eq(t.users.name, 'Uncommitted'))).length).toBe(1)
      await held
    })
    await tick()
    expect(await users()).toBe(0)
    release()
    await writing
    expect(await users()).toBe(1)
  })

  it('runs writes one at a time, even when their callbacks await between read and write', async () => {
    await store.write(tx => addUser(tx, 'Counter'))
    const bump = () => store.write(async (tx) => {
      const [row] = await tx.select({ name: t.users.name }).from(t.users)
      await tick()
      await tx.update(t.users).set({ name: String(Number(row!.name === 'Counter' ? 0 : row!.name) + 1) })
    })
    await Promise.all(Array.from({ length: 50 }, bump))
    expect((await store.reader.select({ name: t.users.name }).from(t.users))[0]!.name).toBe('50')
  })

  it('lets other work in between the writes of a long loop (better-sqlite3 settles every query at once)', async () => {
    // A background job that records 5,000 expiries awaits one write after another; were each write to start
    // in the same turn of the event loop, a request arriving meanwhile would wait for the whole loop.
    let writesBefore = -1
    let done = 0
    const loop = (async () => {
      for (let i = 0; i < 200; i++) {
        await store.write(tx => addUser(tx, `Loop ${i}`))
        done++
      }
    })()
    setImmediate(() => { writesBefore = done })
    await loop
    expect(writesBefore).toBeGreaterThanOrEqual(0)
    expect(writesBefore).toBeLessThan(5)
  })

  it('rolls a write back when its callback throws, and the next write still runs', async () => {
    await expect(store.write(async (tx) => {
      await addUser(tx, 'Rolled back')
      throw new Error('refused')
    })).rejects.toThrow('refused')
    expect(await users()).toBe(0)
    await store.write(tx => addUser(tx, 'Kept'))
    expect(await users()).toBe(1)
  })

  it('joins the open write when called from inside it, instead of waiting for itself', async () => {
    await store.write(async (tx) => {
      await addUser(tx, 'Outer')
      await store.write(async (inner) => {
        expect(inner).toBe(tx)
        await addUser(inner, 'Inner')
      })
      expect(currentTransaction()).toBe(tx)
    })
    expect(await users()).toBe(2)
    expect(currentTransaction()).toBeUndefined()
  })

  it('runs after-commit work only once the change is visible, and never for a rollback', async () => {
    const seen: number[] = []
    await store.write(async (tx) => {
      await addUser(tx, 'Announced')
      afterCommit(() => void users().then(n => seen.push(n)))
    })
    await expect(store.write(async (tx) => {
      await addUser(tx, 'Never announced')
      afterCommit(() => seen.push(-1))
      throw new Error('rolled back')
    })).rejects.toThrow()
    await tick()
    await tick()
    expect(seen).toEqual([1])
  })

  it('refuses a write on the read connection, so no change can bypass the write queue', async () => {
    await expect(async () => addUser(store.reader, 'Sneaky')).rejects.toThrow(/readonly/)
  })
})
