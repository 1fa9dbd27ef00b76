// Events edited behind the server's back (triggers dropped) are refused, never signed (issue 33, tiled trees):
// a tile's events must follow one another from the tile before, and a complete tile's must be the sixteen its
// stored root was made of (shared/transparency/audit-tiles.ts). Each case tampers, sees the refusal, then puts
// the rows back and sees the honest note again. A log whose newest events are cut off with the chain intact is
// not something the server can see on its own: the workspace's witness catches it (audit-witness.test.ts).
import { describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers/db'
import { useTestServer } from './helpers/server'

const t = useTestServer({ personas: ['ada'] })

const change = async (text: string) => (await t.api.patch('/api/workspaces/acme', { name: `Acme ${text}` }, t.as.ada)).status
const note = (size?: number) => t.api.get(`/api/workspaces/acme/audit/checkpoint${size === undefined ? '' : `?size=${size}`}`, t.as.ada)

/** Runs `work` on the database with the append-only triggers of both tables dropped, and puts them back. */
async function tamper(work: (db: TestDb, events: Array<Record<string, unknown> & { id: number }>, workspaceId: number) => Promise<void>) {
  const db = await openTestDb(t.server)
  const pg = db.store === 'postgres'
  const triggers = [['audit_events', 'audit_events_no_update'], ['audit_events', 'audit_events_no_delete'], ['audit_subtrees', 'audit_subtrees_no_update']]
  try {
    for (const [table, trigger] of triggers) await db.run(pg ? `alter table ${table} disable trigger ${trigger}` : `drop trigger ${trigger}`)
    const { id } = (await db.get<{ id: number }>('select id from workspaces where slug = ?', 'acme'))!
    await work(db, await db.all('select * from audit_events where workspace_id = ? order by id', id), id)
  }
  finally {
    if (pg) for (const [table, trigger] of triggers) await db.run(`alter table ${table} enable trigger ${trigger}`)
    else {
      await db.run(`create trigger audit_events_no_update before update on audit_events begin select raise(abort, 'audit_events is append-only'); end`)
      await db.run(`create trigger audit_events_no_delete before delete on audit_events begin select raise(abort, 'audit_events is append-only'); end`)
      await db.run(`create trigger audit_subtrees_no_update before update on audit_subtrees begin select raise(abort, 'audit_subtrees is append-only'); end`)
    }
    await db.close()
  }
}

const columns = ['id', 'workspace_id', 'actor_id', 'support_session_id', 'action', 'target_type', 'target_id', 'data', 'created_at', 'prev_hash', 'hash']
const restore = (db: TestDb, row: Record<string, unknown>) => db.run(`insert into audit_events (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, ...columns.map(c => row[c]))

/** Appends until the chain holds `tiles` complete tiles and `rest` events in the one filling. */
async function growTo(tiles: number, rest: number) {
  let size = Number((await note()).body.split('\n')[1])
  while (size < tiles * 16 + rest) {
    expect(await change(`grow ${size}`)).toBe(200)
    size += 1
  }
  return size
}

describe('a tiled tree over edited events', () => {
  it('an event taken out of a complete tile: the notes and proofs through that tile are refused, the current note stays honest', async () => {
    const size = await growTo(3, 5)
    const honest = (await note()).body
    const honestAt20 = (await note(20)).body
    let removed: Record<string, unknown> = {}
    await tamper(async (db, events) => {
      removed = events[18]!
      await db.run('delete from audit_events where id = ?', removed.id)
    })
    expect((await note()).body).toBe(honest) // the stored tile roots cover it
    expect((await note(20)).status).toBe(500)
    expect((await t.api.get(`/api/workspaces/acme/audit/proof/inclusion?index=17&size=${size}`, t.as.ada)).status).toBe(500)
    await tamper(db => restore(db, removed).then(() => undefined))
    expect((await note(20)).body).toBe(honestAt20)
  }, 120_000) // some 60 audited writes: slow on a loaded machine

  it('an event taken out of the tile still filling: no note is signed until it is back', async () => {
    const size = await growTo(4, 6)
    const honest = (await note()).body
    let removed: Record<string, unknown> = {}
    await tamper(async (db, events) => {
      removed = events[size - 3]!
      await db.run('delete from audit_events where id = ?', removed.id)
    })
    expect((await note()).status).toBe(500)
    await tamper(db => restore(db, removed).then(() => undefined))
    expect((await note()).body).toBe(honest)
  }, 120_000)

  it('a tile row naming an earlier last event, or an event replaced in the filling tile: no note is signed', async () => {
    const size = await growTo(6, 4)
    const honest = (await note()).body
    const lastTile = Math.floor(size / 16) - 1
    let original = 0
    await tamper(async (db, events, workspaceId) => {
      original = events[lastTile * 16 + 15]!.id
      await db.run('update audit_subtrees set event_id = ? where chain = ? and level = 4 and idx = ?', events[lastTile * 16 + 7]!.id, String(workspaceId), lastTile)
    })
    expect((await note()).status).toBe(500)
    await tamper((db, _events, workspaceId) => db.run('update audit_subtrees set event_id = ? where chain = ? and level = 4 and idx = ?', original, String(workspaceId), lastTile).then(() => undefined))
    expect((await note()).body).toBe(honest)

    let replaced: Record<string, unknown> = {}
    await tamper(async (db, events) => {
      replaced = events[size - 2]!
      await db.run('delete from audit_events where id = ?', replaced.id)
      await restore(db, { ...replaced, action: 'workspace.updated', hash: 'f'.repeat(64) })
    })
    expect((await note()).status).toBe(500)
    await tamper(async (db) => {
      await db.run('delete from audit_events where id = ?', replaced.id)
      await restore(db, replaced)
    })
    expect((await note()).body).toBe(honest)
  }, 120_000)

  // Last: it leaves the log broken.
  it('a write that would complete a tile over an edited event is refused, and no tile row is written', async () => {
    const size = await growTo(7, 6)
    await tamper(async (db, events) => {
      await db.run('delete from audit_events where id = ?', events[size - 3]!.id)
    })
    const statuses: number[] = []
    for (let i = 0; i < 17 && !statuses.includes(500); i++) statuses.push(await change(`while tampered ${i}`))
    expect(statuses).toContain(500)
    const db = await openTestDb(t.server)
    try {
      const { id } = (await db.get<{ id: number }>('select id from workspaces where slug = ?', 'acme'))!
      expect(await db.get('select idx from audit_subtrees where chain = ? and level = 4 and idx = 7', String(id))).toBeUndefined()
    }
    finally {
      await db.close()
    }
  }, 120_000)
})
