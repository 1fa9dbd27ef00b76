import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addSignatures, cosigner, cosignNote, cosignerVkey, ed25519Signer, ed25519Vkey, formatWitnessState, openCheckpoint, parseCheckpoint, parseNote, signCheckpoint, verifierFromVkey } from '#shared/transparency'
import type { Credentials } from './helpers/client'
import { openTestDb } from './helpers/db'
import { useTestServer } from './helpers/server'

// Issue 33, the witness's side: cosignatures as the log's metadata (a quiet log stays still under its
// witness), a witness that pins its log's origin and key, keys dated by their history, and exports that
// carry the witnesses' cosignatures for `npm run audit:verify --witness`.
const t = useTestServer({ personas: ['ada', 'gil'] })
const dir = mkdtempSync(join(tmpdir(), 'sa-witness-pin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const token = (who: Credentials) => (who as { token: string }).token
const acmeState = join(dir, 'acme.json')
const WITNESS_TIMEOUT = 120_000 // each witness run is a Node process of its own (2–3 s here, far more on a loaded machine)

function run(script: string, args: string[]) {
  const done = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 90_000 })
  return { code: done.status, out: (done.stdout + done.stderr).trim() }
}
const witness = (state: string, ...extra: string[]) =>
  run('scripts/audit-witness.mjs', ['--url', t.server.url, '--workspace', 'acme', '--token', token(t.as.ada), '--state', state, '--name', 'acme-witness', ...extra])
function verify(exported: unknown, ...options: string[]) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(exported))
  return run('scripts/audit-verify.mjs', [file, ...options])
}

interface State { origin: string, key: { name: string, vkey: string }, note: string }
const readState = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as State
const sizeOf = (note: string) => {
  const parsed = parseNote(note)
  const checkpoint = parsed.ok ? parseCheckpoint(parsed.text) : null
  if (!checkpoint?.ok) throw new Error(`not a checkpoint: ${note}`)
  return checkpoint.checkpoint.size
}
const checkpoint = async () => (await t.api.get('/api/workspaces/acme/audit/checkpoint', t.as.ada)).body as string
const upload = (body: unknown) => t.api.post('/api/workspaces/acme/audit/cosignatures', body, t.as.ada)
async function exportAcme(query = '') {
  const res = await t.api.get(`/api/workspaces/acme/audit/export?format=json${query}`, t.as.ada)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body as { note: string, notCovered: Record<string, unknown> }
}
async function sql<T>(query: string, ...params: unknown[]) {
  const db = await openTestDb(t.server)
  try {
    return await db.all<T>(query, ...params)
  }
  finally {
    await db.close()
  }
}
const cosignatureRows = async () => (await sql<{ n: number }>('select count(*) as n from audit_cosignatures'))[0]!.n

let host: string
let logVkey: string
let keysFile: string
let witnessVkey: string
beforeAll(async () => {
  host = new URL(t.server.url).host
  logVkey = (await t.api.get('/api/audit/public-key')).body.vkey
  keysFile = join(dir, 'keys.json')
  writeFileSync(keysFile, JSON.stringify((await t.api.get('/api/audit/keys')).body))
  for (const name of ['Acme Witnessed', 'Acme Witnessed Twice']) expect((await t.api.patch('/api/workspaces/acme', { name }, t.as.ada)).status).toBe(200)
})

describe('cosignatures are the log\'s metadata, not its events', () => {
  it('a witness run twice on a quiet log cosigns the same tree size, and the newest note carries its cosignature', async () => {
    const first = witness(acmeState)
    expect(first, first.out).toMatchObject({ code: 0, out: expect.stringContaining('(first checkpoint seen)') })
    witnessVkey = /its vkey is (\S+)/.exec(first.out)![1]!
    const size = sizeOf(readState(acmeState).note)
    const second = witness(acmeState)
    expect(second, second.out).toMatchObject({ code: 0, out: expect.stringContaining(`(consistent with the ${size} seen before)`) })
    // No growth: the upload is no event, so the second run saw the very tree the first cosigned.
    expect(sizeOf(readState(acmeState).note)).toBe(size)
    const newest = await checkpoint()
    expect(sizeOf(newest)).toBe(size)
    const verifiers = [logVkey, witnessVkey].map((k) => {
      const v = verifierFromVkey(k)
      if (!v.ok) throw new Error(v.reason)
      return v.verifier
    })
    const opened = openCheckpoint(newest, verifiers)
    expect(opened.ok && opened.verified.map(s => s.name)).toEqual([host, 'acme-witness'])
    const events = (await t.api.get('/api/workspaces/acme/audit', t.as.ada)).body.items as { action: string }[]
    expect(events.map(e => e.action)).not.toContain('audit.cosigned')
  }, WITNESS_TIMEOUT)
})

describe('the witness pins its log on its first run', () => {
  it('records the origin and the log key it trusted; --origin refuses a log with another origin', async () => {
    const pinned = readState(acmeState)
    expect(pinned).toMatchObject({ origin: expect.stringMatching(new RegExp(`^${host.replace(/\./g, '\\.')}/audit/\\d+$`)), key: { name: host, vkey: logVkey } })
    const fresh = join(dir, 'fresh.json')
    const rows = await cosignatureRows()
    const refused = witness(fresh, '--name', 'pinned-witness', '--origin', 'elsewhere.example/audit/1')
    expect(refused.code, refused.out).toBe(1)
    expect(refused.out).toContain(`the log's origin is ${pinned.origin}, but this witness is pinned to elsewhere.example/audit/1`)
    expect(refused.out).toContain('--- saved checkpoint ---\n(none: this is the first run)\n--- new checkpoint ---\n')
    expect(existsSync(fresh)).toBe(false)
    expect(await cosignatureRows()).toBe(rows)
    const accepted = witness(fresh, '--name', 'pinned-witness', '--origin', pinned.origin)
    expect(accepted, accepted.out).toMatchObject({ code: 0 })
    expect(readState(fresh)).toMatchObject({ origin: pinned.origin, key: { vkey: logVkey } })
  }, WITNESS_TIMEOUT)

  it('a later run against a log with another origin (another workspace behind the same URL) exits 1 with both checkpoints', async () => {
    const before = readFileSync(acmeState, 'utf8')
    const rows = await cosignatureRows()
    const globex = run('scripts/audit-witness.mjs', ['--url', t.server.url, '--workspace', 'globex', '--token', token(t.as.gil), '--state', acmeState, '--name', 'acme-witness'])
    expect(globex.code, globex.out).toBe(1)
    expect(globex.out).toMatch(new RegExp(`the log's origin is ${host.replace(/\./g, '\\.')}/audit/\\d+, but this witness is pinned to ${readState(acmeState).origin}`))
    expect(globex.out).toContain(`--- saved checkpoint ---\n${readState(acmeState).note}--- new checkpoint ---\n`)
    expect(readFileSync(acmeState, 'utf8')).toBe(before)
    expect(await cosignatureRows()).toBe(rows)
  }, WITNESS_TIMEOUT)

  it('a server that no longer lists the key the witness pinned (another server behind the same URL) exits 1', async () => {
    const pinned = readState(acmeState)
    const other = generateKeyPairSync('ed25519').privateKey
    const parsed = parseNote(pinned.note)
    const cp = parsed.ok ? parseCheckpoint(parsed.text) : null
    if (!cp?.ok) throw new Error('no checkpoint')
    const elsewhere = join(dir, 'elsewhere.json')
    const note = signCheckpoint(cp.checkpoint, [ed25519Signer(host, other)])
    writeFileSync(elsewhere, formatWitnessState({ origin: pinned.origin, key: { name: host, vkey: ed25519Vkey(host, other) }, note }))
    const refused = witness(elsewhere)
    expect(refused.code, refused.out).toBe(1)
    expect(refused.out).toContain(`the log signs with ${logVkey} and no longer lists ${ed25519Vkey(host, other)}, the key this witness pinned`)
    expect(readState(elsewhere).note).toBe(note)
  }, WITNESS_TIMEOUT)

  it('a state file whose pinned key was edited (its saved note no longer verifies by it) exits 1 with both checkpoints', async () => {
    const pinned = readState(acmeState)
    const edited = join(dir, 'edited.json')
    const vkey = ed25519Vkey(host, generateKeyPairSync('ed25519').privateKey)
    writeFileSync(edited, formatWitnessState({ ...pinned, key: { name: host, vkey } }))
    const rows = await cosignatureRows()
    const refused = witness(edited)
    expect(refused.code, refused.out).toBe(1)
    expect(refused.out).toContain(`the saved checkpoint in ${edited} does not verify against its pinned key ${vkey}`)
    expect(refused.out).toContain(`--- saved checkpoint ---\n${pinned.note}--- new checkpoint ---\n${host}/audit/`)
    expect(readState(edited).key.vkey).toBe(vkey)
    expect(await cosignatureRows()).toBe(rows)
  }, WITNESS_TIMEOUT)
})

describe('exports carry the witnesses\' cosignatures', () => {
  it('whole and range exports hold the note with its cosignature lines; audit:verify checks them with --witness', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey
    expect((await upload({ vkey: cosignerVkey('stranger-witness', stranger), note: cosignNote(await checkpoint(), 'stranger-witness', stranger) })).status).toBe(200)
    const whole = await exportAcme()
    expect(whole.note).toBe(await checkpoint())
    for (const name of ['acme-witness', 'pinned-witness', 'stranger-witness']) expect(whole.note).toContain(`\n\u2014 ${name} `)
    expect(whole.notCovered.cosignatures).toMatch(/witness/)
    const ranged = await exportAcme('&fromIndex=0&toIndex=1')
    expect(ranged.note).toBe(whole.note)
    for (const exported of [whole, ranged]) {
      const checked = verify(exported, '--key', keysFile, '--witness', witnessVkey)
      expect(checked.code, checked.out).toBe(0)
      expect(checked.out).toMatch(/cosignature by acme-witness\+[0-9a-f]{8}: verified \(cosigned \d{4}-/)
      expect(checked.out).toMatch(/cosignature by stranger-witness\+[0-9a-f]{8}: not checked/)
    }
    // A cosignature line changed (flip one signature bit): the log's signature still holds, the witness's does not.
    const line = whole.note.split('\n').find(l => l.startsWith('\u2014 acme-witness '))!
    const sig = Buffer.from(line.split(' ')[2]!, 'base64')
    sig[40] = sig[40]! ^ 1
    const forged = { ...whole, note: whole.note.replace(line, `\u2014 acme-witness ${sig.toString('base64')}`) }
    const broken = verify(forged, '--key', keysFile, '--witness', witnessVkey)
    expect(broken.code, broken.out).toBe(1)
    expect(broken.out).toMatch(/broken: the cosignature by acme-witness\+[0-9a-f]{8} does not verify: invalid cosignature/)
    // A forged line after the witness's real one (another time claimed): each line is checked on its own.
    const stamp = Buffer.from(line.split(' ')[2]!, 'base64')
    stamp[11] = stamp[11]! ^ 1 // a byte of the cosignature's time (after the 4-byte key id)
    const appended = { ...whole, note: whole.note.replace(`${line}\n`, `${line}\n\u2014 acme-witness ${stamp.toString('base64')}\n`) }
    const second = verify(appended, '--key', keysFile, '--witness', witnessVkey)
    expect(second.code, second.out).toBe(1)
    expect(second.out).toMatch(/broken: the cosignature by acme-witness\+[0-9a-f]{8} does not verify: invalid cosignature/)
  }, WITNESS_TIMEOUT)
})

describe('a log key\'s validity window', () => {
  it('refuses a cosignature dated before the log had its size (a backdated time would date a retired key\'s note into its day)', async () => {
    const other = generateKeyPairSync('ed25519').privateKey
    const rows = await cosignatureRows()
    const hourAgo = () => Math.floor(Date.now() / 1000) - 3600
    const backdated = addSignatures(await checkpoint(), [cosigner('backdating-witness', other, hourAgo)])!
    const res = await upload({ vkey: cosignerVkey('backdating-witness', other), note: backdated })
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body.data.code).toBe('AuditCosignatureInvalid')
    expect(res.body.message).toMatch(/is before the log had \d+ events/)
    expect(await cosignatureRows()).toBe(rows)
    // Within the clocks' slack it is taken.
    const fiveMinutesAgo = () => Math.floor(Date.now() / 1000) - 300
    const skewed = addSignatures(await checkpoint(), [cosigner('backdating-witness', other, fiveMinutesAgo)])!
    expect((await upload({ vkey: cosignerVkey('backdating-witness', other), note: skewed })).status).toBe(200)
  })

  it('refuses a checkpoint signed by a key retired before it, or not yet in use: witness, upload and audit:verify', async () => {
    const [key] = await sql<{ key_id: string, first_used_at: number }>('select key_id, first_used_at from audit_signing_keys')
    const day = 24 * 3600_000
    const stateBefore = readFileSync(acmeState, 'utf8')
    const rows = await cosignatureRows()
    const other = generateKeyPairSync('ed25519').privateKey
    try {
      for (const [reason, set] of [['key retired', ['retired_at = ?', Date.now() - day]], ['key not yet valid', ['first_used_at = ?', Date.now() + day]]] as const) {
        await sql(`update audit_signing_keys set ${set[0]} where key_id = ?`, set[1], key!.key_id)
        // The server goes on signing with that key (a leaked one, say): every check names why it refuses.
        writeFileSync(keysFile, JSON.stringify((await t.api.get('/api/audit/keys')).body))
        const refused = witness(acmeState)
        expect(refused.code, refused.out).toBe(1)
        expect(refused.out).toContain(`the checkpoint is signed by ${logVkey}: ${reason}`)
        expect(readFileSync(acmeState, 'utf8')).toBe(stateBefore)
        const res = await upload({ vkey: cosignerVkey('stranger-witness', other), note: cosignNote(await checkpoint(), 'stranger-witness', other) })
        expect(res.status).toBe(400)
        expect(res.body.data.code).toBe('AuditCheckpointKeyNotValid')
        expect(res.body.message).toContain(reason)
        for (const query of ['', '&fromIndex=0&toIndex=1']) {
          const checked = verify(await exportAcme(query), '--key', keysFile)
          expect(checked.code, checked.out).toBe(1)
          expect(checked.out).toContain(`broken: the export's note is signed by ${logVkey}: ${reason}`)
        }
        await sql('update audit_signing_keys set retired_at = null, first_used_at = ? where key_id = ?', key!.first_used_at, key!.key_id)
      }
      expect(await cosignatureRows()).toBe(rows)
    }
    finally {
      await sql('update audit_signing_keys set retired_at = null, first_used_at = ? where key_id = ?', key!.first_used_at, key!.key_id)
    }
  }, WITNESS_TIMEOUT)
})
