// The tiled audit tree (issue 33) is built from the events when a database meets it: SQLite's start-up step
// (server/database/sqlite/audit-tree.ts, asked for by a user_version below 2) and PostgreSQL's migration 0024.
// A tree rebuilt that way must be the tree the appends made: same roots at every size, and the log goes on
// growing consistently from it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeBase64, parseCheckpoint, parseNote, verifyConsistency } from '#shared/transparency'
import { openTestDb } from './helpers/db'
import { useTestServer } from './helpers/server'

const t = useTestServer({ personas: ['ada'] })

async function change(text: string) {
  expect((await t.api.patch('/api/workspaces/acme', { name: `Acme ${text}` }, t.as.ada)).status).toBe(200)
}

async function tree(size?: number) {
  const res = await t.api.get(`/api/workspaces/acme/audit/checkpoint${size === undefined ? '' : `?size=${size}`}`, t.as.ada)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const note = parseNote(res.body)
  if (!note.ok) throw new Error(note.reason)
  const checkpoint = parseCheckpoint(note.text)
  if (!checkpoint.ok) throw new Error(checkpoint.reason)
  return { size: checkpoint.checkpoint.size, root: Buffer.from(checkpoint.checkpoint.rootHash).toString('base64') }
}

/** Empties every chain's tree behind the server's back, as a database from before the tiles has none of it. */
async function emptyTheTrees() {
  const db = await openTestDb(t.server)
  try {
    if (db.store === 'postgres') {
      await db.run('drop trigger audit_subtrees_no_delete on audit_subtrees')
      await db.run('delete from audit_subtrees')
      await db.run('create trigger audit_subtrees_no_delete before delete on audit_subtrees for each row execute function audit_tree_append_only()')
      // The rebuild at the end of migration 0024, as written there.
      const migration = readFileSync('server/database/postgres/migrations/0024_audit_tiles.sql', 'utf8').split('--> statement-breakpoint')
      const rebuild = migration.at(-1)!.slice(migration.at(-1)!.indexOf('DO $$'))
      await db.run(rebuild)
    }
    else {
      await db.run('drop trigger audit_subtrees_no_delete')
      await db.run('delete from audit_subtrees')
      await db.run(`create trigger audit_subtrees_no_delete before delete on audit_subtrees begin select raise(abort, 'audit_subtrees is append-only'); end`)
      await db.run('pragma user_version = 1')
    }
  }
  finally {
    await db.close()
  }
}

describe('a tiled tree rebuilt from the events', () => {
  it('has the roots the appends made, at every size, and grows consistently from them', async () => {
    // Past three tiles of sixteen, with one still filling.
    for (let i = 1; i <= 52; i++) await change(`change ${i}`)
    const before = await tree()
    expect(before.size).toBeGreaterThan(48)
    const sizes = [1, 15, 16, 17, 31, 32, 33, 48, before.size]
    const rootsBefore = await Promise.all(sizes.map(size => tree(size)))

    await emptyTheTrees()
    // SQLite rebuilds at start; PostgreSQL's rebuild ran above. Both servers are restarted alike.
    await t.server.restart()
    expect(await Promise.all(sizes.map(size => tree(size)))).toEqual(rootsBefore)

    await change('after the rebuild')
    const after = await tree()
    expect(after.size).toBe(before.size + 1)
    const proof = await t.api.get(`/api/workspaces/acme/audit/proof/consistency?from=${before.size}&to=${after.size}`, t.as.ada)
    expect(proof.status).toBe(200)
    const hashes = (proof.body.hashes as string[]).map(h => decodeBase64(h)!)
    expect(verifyConsistency(before.size, after.size, hashes, decodeBase64(before.root)!, decodeBase64(after.root)!)).toEqual({ ok: true })
  }, 120_000) // 53 audited writes and a restart: slow on a loaded machine
})
