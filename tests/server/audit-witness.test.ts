import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addSignatures, cosigner, cosignNote, cosignerVkey, ed25519Signer, openCheckpoint, parseCheckpoint, parseNote, signCheckpoint, verifierFromVkey } from '#shared/transparency'
import type { Credentials } from './helpers/client'
import { openTestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { PERSONA_EMAILS } from './helpers/personas'
import { useTestServer } from './helpers/server'

// SPEC 3.14, issue 33 item 5: a witness the workspace runs (`npm run audit:witness`), the cosignatures it
// uploads, and a log rolled back in the database behind a running witness's back.
const t = useTestServer({ personas: ['ada', 'ben', 'sam'] })
const dir = mkdtempSync(join(tmpdir(), 'sa-witness-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const state = join(dir, 'acme.note')
const token = (who: Credentials) => (who as { token: string }).token

function witness(...extra: string[]) {
  const run = spawnSync(process.execPath, ['scripts/audit-witness.mjs', '--url', t.server.url, '--workspace', 'acme', '--token', token(t.as.ada), '--state', state, '--name', 'acme-witness', ...extra], { encoding: 'utf8', timeout: 90_000 })
  return { code: run.status, out: (run.stdout + run.stderr).trim() }
}

/** The checkpoint the state file holds (SPEC 3.14: beside the origin and log key the witness pinned). */
const savedNote = () => (JSON.parse(readFileSync(state, 'utf8')) as { note: string }).note
const sizeOf = (note: string) => {
  const parsed = parseNote(note)
  if (!parsed.ok) throw new Error(parsed.reason)
  const checkpoint = parseCheckpoint(parsed.text)
  if (!checkpoint.ok) throw new Error(checkpoint.reason)
  return checkpoint.checkpoint.size
}

async function change(text: string) {
  expect((await t.api.patch('/api/workspaces/acme', { name: `Acme ${text}` }, t.as.ada)).status).toBe(200)
}
const checkpoint = async (query = '') => (await t.api.get(`/api/workspaces/acme/audit/checkpoint${query}`, t.as.ada)).body as string
const upload = (body: unknown, as: Credentials = t.as.ada) => t.api.post('/api/workspaces/acme/audit/cosignatures', body, as)
const countRows = async (sql: string) => {
  const db = await openTestDb(t.server)
  try {
    return (await db.get<{ n: number }>(sql))!.n
  }
  finally {
    await db.close()
  }
}

let logVkey: string
beforeAll(async () => {
  logVkey = (await t.api.get('/api/audit/public-key')).body.vkey
  await change('one')
})

describe('a witness the workspace runs (SPEC 3.14)', () => {
  it('cosigns twice as the log grows; each cosignature is on the checkpoint route and verifies', async () => {
    const first = witness()
    expect(first, first.out).toMatchObject({ code: 0, out: expect.stringContaining('(first checkpoint seen)') })
    // Its key was made on the first run, for its owner's eyes only.
    expect(statSync(`${state}.key`).mode & 0o777).toBe(0o600)
    const vkey = /its vkey is (\S+)/.exec(first.out)![1]!
    const firstSize = sizeOf(savedNote())
    await change('two')
    await change('three')
    const second = witness()
    expect(second, second.out).toMatchObject({ code: 0, out: expect.stringContaining(`(consistent with the ${firstSize} seen before)`) })
    const secondSize = sizeOf(savedNote())
    expect(secondSize).toBeGreaterThanOrEqual(firstSize + 2)
    for (const size of [firstSize, secondSize]) {
      const note = await checkpoint(`?size=${size}`)
      const verifiers = [logVkey, vkey].map((k) => {
        const v = verifierFromVkey(k)
        if (!v.ok) throw new Error(v.reason)
        return v.verifier
      })
      const opened = openCheckpoint(note, verifiers)
      expect(opened).toMatchObject({ ok: true, checkpoint: { size } })
      expect(opened.ok && opened.verified.map(s => s.name)).toEqual([new URL(t.server.url).host, 'acme-witness'])
    }
    const witnesses = (await t.api.get('/api/workspaces/acme/audit/witnesses', t.as.ada)).body.items
    expect(witnesses).toEqual([expect.objectContaining({ witness: 'acme-witness', vkey, treeSize: secondSize, addedBy: expect.objectContaining({ name: expect.stringMatching(/^Ada/) }) })])
    const events = (await t.api.get('/api/workspaces/acme/audit', t.as.ada)).body.items
    // A cosignature is metadata of the log, not an event in it (the log would move under its witness).
    expect(events.filter((e: { action: string }) => e.action === 'audit.cosigned')).toHaveLength(0)
  }, 120_000) // each witness run is a Node process of its own (2–3 s here, far more on a loaded machine)

  it('refuses a key file others may read, with the command that fixes it, and uploads nothing', async () => {
    const before = await countRows('select count(*) as n from audit_cosignatures')
    chmodSync(`${state}.key`, 0o644)
    try {
      expect(witness()).toMatchObject({ code: 1, out: expect.stringContaining(`chmod 600 ${state}.key`) })
    }
    finally {
      chmodSync(`${state}.key`, 0o600)
    }
    expect(await countRows('select count(*) as n from audit_cosignatures')).toBe(before)
  }, 120_000) // each witness run is a Node process of its own (2–3 s here, far more on a loaded machine)
})

describe('uploading a cosignature', () => {
  const key = generateKeyPairSync('ed25519').privateKey
  const vkey = cosignerVkey('other-witness', key)

  it('keeps a cosignature once per witness and size, for workspace Admins only', async () => {
    const body = { vkey, note: cosignNote(await checkpoint(), 'other-witness', key) }
    const made = await upload(body)
    expect(made.status, JSON.stringify(made.body)).toBe(200)
    expect(made.body).toMatchObject({ created: true, cosignature: { witness: 'other-witness' } })
    expect((await upload(body)).body).toMatchObject({ created: false })
    expect((await upload(body, t.as.ben)).body.data.code).toBe('WorkspaceAdminRequired')
  })

  it('refuses a forged or foreign cosignature (AuditCosignatureInvalid)', async () => {
    // The log's own line only: on a quiet log the route's note already carries this witness's cosignature.
    const host = new URL(t.server.url).host
    const note = (await checkpoint()).split('\n').filter(l => !l.startsWith('\u2014 ') || l.startsWith(`\u2014 ${host} `)).join('\n')
    const cosigned = cosignNote(note, 'other-witness', key)!
    const lastLine = cosigned.trimEnd().split('\n').at(-1)!
    const sig = lastLine.split(' ').at(-1)!
    const forged = cosigned.replace(sig, Buffer.from(Buffer.from(sig, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b))).toString('base64'))
    const foreign = cosignNote(note, 'other-witness', generateKeyPairSync('ed25519').privateKey)!
    for (const body of [{ vkey, note: forged }, { vkey, note: foreign }, { vkey, note }, { vkey: logVkey, note: cosigned }]) {
      const res = await upload(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.data.code).toBe('AuditCosignatureInvalid')
    }
  })

  it('refuses a cosignature over a checkpoint this server never signed (AuditCheckpointNotSigned)', async () => {
    const note = await checkpoint()
    const parsed = parseNote(note)
    const cp = parsed.ok && parseCheckpoint(parsed.text)
    if (!cp || !cp.ok) throw new Error('no checkpoint')
    // Another log's key under this server's name, a root this tree never had, and another workspace's origin.
    const host = new URL(t.server.url).host
    const impostor = signCheckpoint({ ...cp.checkpoint, rootHash: new Uint8Array(32).fill(7) }, [ed25519Signer(host, generateKeyPairSync('ed25519').privateKey)])
    const tamperedRoot = note.replace(/\n([A-Za-z0-9+/=]{44})\n/, `\n${Buffer.alloc(32, 7).toString('base64')}\n`)
    const otherOrigin = signCheckpoint({ ...cp.checkpoint, origin: cp.checkpoint.origin.replace(/\/audit\/\d+$/, '/audit/999') }, [ed25519Signer(host, generateKeyPairSync('ed25519').privateKey)])
    for (const logNote of [impostor, tamperedRoot, otherOrigin]) {
      const res = await upload({ vkey, note: cosignNote(logNote, 'other-witness', key) })
      expect(res.status, logNote).toBe(400)
      expect(res.body.data.code).toBe('AuditCheckpointNotSigned')
    }
  })

  it('a server admin cannot upload, even with an approved support session: a witness checks the server', async () => {
    const body = { vkey, note: cosignNote(await checkpoint(), 'other-witness', key) }
    expect((await upload(body, t.as.sam)).body.data.code).toBe('WorkspaceAdminRequired')
    const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'witness test', expiresAt: inMinutes(60) }, t.as.sam)).body
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, t.as.ada)).status).toBe(200)
    const refused = await upload(body, t.as.sam)
    expect(refused.status).toBe(403)
    expect(refused.body.data.code).toBe('WorkspaceAdminRequired')
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, t.as.ada)).status).toBe(200)
  })

  it('a server admin who is also one of the workspace\'s Admins cannot upload either (AuditWitnessServerAdmin)', async () => {
    const body = { vkey, note: cosignNote(await checkpoint(), 'other-witness', key) }
    const db = await openTestDb(t.server)
    const member = `(select id from workspaces where slug = 'acme'), (select user_id from user_emails where email = ?)`
    try {
      await db.run(`insert into workspace_members (workspace_id, user_id, role, seat) values (${member}, 'admin', 'editor')`, PERSONA_EMAILS.sam)
      const refused = await upload(body, t.as.sam)
      expect(refused.status).toBe(403)
      expect(refused.body.data.code).toBe('AuditWitnessServerAdmin')
    }
    finally {
      await db.run(`delete from workspace_members where workspace_id = (select id from workspaces where slug = 'acme') and user_id = (select user_id from user_emails where email = ?)`, PERSONA_EMAILS.sam)
      await db.close()
    }
  })

  it('refuses a cosignature dated past the server\'s clock (no 500, no false "last cosigned")', async () => {
    const note = await checkpoint()
    for (const seconds of [Math.floor(Date.now() / 1000) + 3600, 8_640_000_000_001, Number.MAX_SAFE_INTEGER]) {
      const res = await upload({ vkey, note: addSignatures(note, [cosigner('other-witness', key, () => seconds)]) })
      expect(res.status, String(seconds)).toBe(400)
      expect(res.body.data.code).toBe('AuditCosignatureInvalid')
    }
  })
})

describe('a log rolled back in the database behind a running witness', () => {
  /** Deletes the chain's last `count` events and their tree nodes, the append-only triggers dropped first. */
  async function rollBack(count: number) {
    const db = await openTestDb(t.server)
    const pg = db.store === 'postgres'
    try {
      const { id: workspaceId } = (await db.get<{ id: number }>('select id from workspaces where slug = ?', 'acme'))!
      for (const [table, trigger] of [['audit_events', 'audit_events_no_delete'], ['audit_subtrees', 'audit_subtrees_no_delete']]) {
        await db.run(pg ? `drop trigger ${trigger} on ${table}` : `drop trigger ${trigger}`)
      }
      const kept = (await db.get<{ n: number }>('select count(*) as n from audit_events where workspace_id = ?', workspaceId))!.n - count
      await db.run('delete from audit_events where id in (select id from audit_events where workspace_id = ? order by id desc limit ?)', workspaceId, count)
      // Every stored subtree that covers a removed leaf goes too.
      await db.run('delete from audit_subtrees where chain = ? and (idx + 1) * (1 << level) > ?', String(workspaceId), kept)
      if (pg) {
        await db.run(`update audit_chain_heads set events = ?, hash = last.hash, prev_hash = last.prev_hash
          from (select hash, prev_hash from audit_events where workspace_id = ? order by id desc limit 1) as last where chain = ?`, kept, workspaceId, String(workspaceId))
      }
    }
    finally {
      await db.close()
    }
  }

  it('exits 1 with both checkpoints as evidence, uploads nothing and keeps its state', async () => {
    expect(witness()).toMatchObject({ code: 0 })
    const savedState = readFileSync(state, 'utf8')
    const saved = savedNote()
    const size = sizeOf(saved)
    // Take the last event back, then one new event: the same size with another root.
    await rollBack(1)
    await change('after the rollback')
    const forkedNote = await checkpoint()
    expect(sizeOf(forkedNote)).toBe(size)
    const rows = await countRows('select count(*) as n from audit_cosignatures')
    const forked = witness()
    expect(forked.code, forked.out).toBe(1)
    expect(forked.out).toContain(`the log forked: ${size} events with another root than before`)
    expect(forked.out).toContain(`--- saved checkpoint ---\n${saved}--- new checkpoint ---\n${forkedNote.trimEnd()}`)
    // A grown log that does not extend the saved one is caught by the consistency proof.
    await change('later still')
    const unprovable = witness()
    expect(unprovable.code, unprovable.out).toBe(1)
    expect(unprovable.out).toContain(`the consistency proof from ${size} to ${size + 1} events does not verify`)
    expect(readFileSync(state, 'utf8')).toBe(savedState)
    expect(await countRows('select count(*) as n from audit_cosignatures')).toBe(rows)
    expect(existsSync(`${state}.${process.pid}.tmp`)).toBe(false)
  }, 120_000) // each witness run is a Node process of its own (2–3 s here, far more on a loaded machine)

  it('the tree table is append-only like the events (triggers refuse UPDATE and DELETE)', async () => {
    const db = await openTestDb(t.server)
    try {
      // A row of its own (a demo chain may not have completed a tile of sixteen yet).
      await db.run('insert into audit_subtrees (chain, level, idx, hash, event_id) values (?, 4, 0, ?, 0)', 'append-only test', Buffer.alloc(32))
      await expect(db.run('update audit_subtrees set hash = hash where chain = ?', 'append-only test')).rejects.toThrow(/append-only/)
      await db.run(db.store === 'postgres'
        ? 'create trigger audit_subtrees_no_delete before delete on audit_subtrees for each row execute function audit_tree_append_only()'
        : `create trigger audit_subtrees_no_delete before delete on audit_subtrees begin select raise(abort, 'audit_subtrees is append-only'); end`)
      await expect(db.run('delete from audit_subtrees where chain = ?', 'append-only test')).rejects.toThrow(/append-only/)
    }
    finally {
      await db.close()
    }
  })
})
