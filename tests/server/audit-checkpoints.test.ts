import { spawnSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEventHash, GENESIS } from '#shared/audit-chain.mjs'
import { signCheckpoint, type AuditCheckpoint } from '#shared/audit-checkpoint.mjs'
import { auditLeafHash, ed25519Signer, rootOfLeafHashes, signCheckpoint as signTreeCheckpoint } from '#shared/transparency'
import { demoIds, inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { TEST_STORE, useTestServer } from './helpers/server'

const t = useTestServer({ env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' } })
const dir = mkdtempSync(join(tmpdir(), 'sa-checkpoint-'))
let receiver: TestReceiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
})

interface ExportedEvent { id: number, workspaceId: number, supportSessionId: number | null, action: string, data: Record<string, unknown>, createdAt: string, prevHash: string, hash: string, [k: string]: unknown }
interface Export { workspace: { id: number, slug: string, name: string }, note: string, checkpoint: AuditCheckpoint, events: ExportedEvent[] }

const write = (name: string, content: unknown) => {
  const file = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

/** `npm run audit:verify` as a process, as a workspace admin runs it on their own machine. */
function verify(exported: unknown, ...options: string[]) {
  const run = spawnSync(process.execPath, ['scripts/audit-verify.mjs', write('export', exported), ...options], { encoding: 'utf8' })
  return { code: run.status, out: (run.stdout + run.stderr).trim() }
}

/** What a forger with write access to the database can do: re-hash a chain from the genesis. */
function rehash(events: ExportedEvent[]): ExportedEvent[] {
  let prev = GENESIS
  return events.map((e) => {
    const event = { ...e, prevHash: prev }
    event.hash = auditEventHash({ ...event, createdAt: Date.parse(e.createdAt), data: JSON.stringify(e.data) } as never)
    prev = event.hash
    return event
  })
}

/** The forger's signed note (SPEC 3.14) of a rewritten chain, with the server's own key. */
function renote(events: ExportedEvent[], key: KeyObject): string {
  const origin = `${new URL(t.server.url).host}/audit/${events[0]!.workspaceId}`
  return signTreeCheckpoint({ origin, size: events.length, rootHash: rootOfLeafHashes(events.map(e => auditLeafHash(e.hash))), extensions: [] }, [ed25519Signer(new URL(t.server.url).host, key)])
}

async function exportOf(slug: string, as: { cookie: string }): Promise<Export> {
  const res = await t.api.get(`/api/workspaces/${slug}/audit/export?format=json`, as)
  expect(res.status).toBe(200)
  return res.body
}

describe('signed audit checkpoints (SPEC 3.8)', () => {
  let keyFile: string
  let acme: Export

  beforeAll(async () => {
    const [sam, ada] = [await t.api.login('admin@example.com'), await t.api.login('ada@acme.test')]
    expect((await t.api.post('/api/workspaces/acme/webhooks', { url: receiver.url, events: ['audit.checkpoint'] }, ada)).status).toBe(201)
    const { tower } = await demoIds(t.api, ada)
    // Ada's own changes, then support sessions with changes: the log has support-session events to hide.
    for (const description of ['one', 'two', 'three']) expect((await t.api.patch('/api/workspaces/acme', { description }, ada)).status).toBe(200)
    for (const reason of ['first visit', 'second visit']) {
      const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason, expiresAt: inMinutes(30) }, sam)).body
      expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
      expect((await t.api.post(`/api/projects/${tower}/comments`, { text: `lent write: ${reason}` }, sam)).status).toBe(201)
      expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    }
    const key = await t.api.get('/api/audit/public-key', null)
    keyFile = write('key', key.body)
    acme = await exportOf('acme', ada)
  })

  it('publishes an Ed25519 public key, and keeps the private key in a 0600 file beside the database, not in it', async () => {
    const res = await t.api.get('/api/audit/public-key', null)
    expect(res.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), publicKey: expect.stringContaining('BEGIN PUBLIC KEY') })
    const file = join(t.server.dir, '.audit-signing-key')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(createPrivateKey(readFileSync(file, 'utf8')).asymmetricKeyType).toBe('ed25519')
  })

  it('an honest export carries the checkpoint of exactly its events and verifies, with and without the key', async () => {
    expect(acme.checkpoint).toMatchObject({ workspace: { id: acme.workspace.id, slug: 'acme' }, events: acme.events.length, head: acme.events.at(-1)!.hash })
    const withKey = verify(acme, '--key', keyFile)
    expect(withKey.code, withKey.out).toBe(0)
    expect(withKey.out).toMatch(new RegExp(`^ok ${acme.events.length} events\\ncheckpoint: signature verified with key ${acme.checkpoint.keyId}`))
    const byUrl = verify(acme, '--key', `${t.server.url}/api/audit/public-key`)
    expect(byUrl.code, byUrl.out).toBe(0)
    const without = verify(acme)
    expect(without.code).toBe(0)
    expect(without.out).toContain('signature not checked')
  })

  it('removing every support-session event, editing another and re-hashing is caught', () => {
    const hidden = structuredClone(acme.events.filter(e => e.supportSessionId === null))
    expect(acme.events.length - hidden.length).toBeGreaterThanOrEqual(8)
    hidden[1]!.data = { ...hidden[1]!.data, note: 'edited' }
    const forged = { ...acme, events: rehash(hidden) }
    expect(verify(forged, '--key', keyFile)).toEqual({ code: 1, out: `broken: the export holds ${hidden.length} events, but its checkpoint signs ${acme.events.length}` })
    // The forger also fixes the checkpoint's count and head; only the signature can tell.
    const recounted = { ...forged, checkpoint: { ...acme.checkpoint, events: hidden.length, head: forged.events.at(-1)!.hash } }
    expect(verify(recounted, '--key', keyFile)).toMatchObject({ code: 1, out: expect.stringMatching(/^broken: the export's checkpoint's signature does not hold under key/) })
    // Without the key, the legacy checkpoint's count and head match, but the note's tree does not.
    expect(verify(recounted)).toEqual({ code: 1, out: `broken: the export holds ${hidden.length} events, but its note signs a tree of ${acme.events.length}: events are missing or were added` })
  })

  it('cutting the end off, an empty list, and an export without its checkpoint are caught', () => {
    const cut = { ...acme, events: acme.events.slice(0, 5) }
    expect(verify(cut, '--key', keyFile)).toEqual({ code: 1, out: `broken: the export holds 5 events, but its checkpoint signs ${acme.events.length}` })
    expect(verify({ ...acme, events: [] }, '--key', keyFile)).toEqual({ code: 1, out: `broken: the export holds 0 events, but its checkpoint signs ${acme.events.length}` })
    // The signed note (SPEC 3.14) is what shows it complete: the legacy checkpoint may go, the note may not.
    const { checkpoint: _dropped, ...bare } = acme
    expect(verify(bare, '--key', keyFile).code).toBe(0)
    const { note: _note, ...noteless } = bare
    expect(verify(noteless)).toEqual({ code: 1, out: 'broken: the export has no signed note (C2SP checkpoint), so nothing shows which tree it belongs to' })
  })

  it('another workspace\'s chain under this workspace\'s header is caught, checkpoint and all', async () => {
    const cy = await t.api.login('cy@acme.test')
    expect((await t.api.post('/api/workspaces', { name: 'Cy Lab', slug: 'cy-lab' }, cy)).status).toBe(201)
    expect((await t.api.post('/api/workspaces/cy-lab/projects', { name: 'Bench', visibility: 'workspace' }, cy)).status).toBe(201)
    const lab = await exportOf('cy-lab', cy)
    expect(verify(lab, '--key', keyFile).code).toBe(0)
    const swapped = { ...lab, workspace: acme.workspace }
    expect(verify(swapped, '--key', keyFile)).toMatchObject({ code: 1, out: expect.stringMatching(new RegExp(`^broken: event \\d+ belongs to workspace ${lab.workspace.id}, not to acme`)) })
    // With events relabelled to Acme's id, the chain itself breaks (the workspace is hashed into each event).
    const relabelled = { ...lab, workspace: acme.workspace, events: lab.events.map(e => ({ ...e, workspaceId: acme.workspace.id })) }
    expect(verify(relabelled, '--key', keyFile)).toMatchObject({ code: 1, out: expect.stringContaining('its content does not match its hash') })
  })

  it('every session end sends the workspace a checkpoint by webhook and in the ended email', async () => {
    const hooks = receiver.received.filter(r => r.json?.type === 'audit.checkpoint')
    expect(hooks.length).toBeGreaterThanOrEqual(2)
    const sam = await t.api.login('admin@example.com')
    const ended = (await t.api.get('/api/admin/emails', sam)).body.items.filter((m: { subject: string }) => m.subject === 'Support session ended: Acme')
    expect(ended.length).toBeGreaterThanOrEqual(2)
    // The email closes with the signed note (SPEC 3.14); the webhook carries the same note beside the legacy checkpoint.
    const text = ended[0].text as string
    const fromEmail = text.slice(text.indexOf(`${new URL(t.server.url).host}/audit/${acme.workspace.id}\n`))
    const size = Number(fromEmail.split('\n')[1])
    const fromHook = await receiver.waitFor(r => r.json?.type === 'audit.checkpoint' && r.json.data.note === fromEmail)
    expect(fromHook.json).toMatchObject({ workspace: { slug: 'acme' }, data: { checkpoint: { workspace: { slug: 'acme' }, events: size, keyId: acme.checkpoint.keyId } } })
    // A later export extends what the email and the webhook hold.
    expect(verify(acme, '--key', keyFile, '--checkpoint', write('note', fromEmail))).toMatchObject({ code: 0, out: expect.stringContaining(`extends the earlier checkpoint of ${size} events`) })
    expect(verify(acme, '--key', keyFile, '--checkpoint', write('hook', fromHook.json)).code).toBe(0)
    expect(verify(acme, '--key', keyFile, '--checkpoint', JSON.stringify(fromHook.json.data.checkpoint)).code).toBe(0)
  })

  it('an operator who holds the signing key and rewrites history is caught by a checkpoint the workspace kept', () => {
    // The worst case: whoever runs the server rewrites the database and signs the rewritten chain.
    const kept = acme.checkpoint
    const rewritten = acme.events.filter(e => e.supportSessionId === null)
    const events = rehash(rewritten)
    const key = createPrivateKey(readFileSync(join(t.server.dir, '.audit-signing-key'), 'utf8'))
    const resigned = { ...acme, events, note: renote(events, key), checkpoint: signCheckpoint({ workspace: acme.workspace, events: events.length, head: events.at(-1)!.hash, at: new Date().toISOString() }, key, kept.keyId) }
    expect(verify(resigned, '--key', keyFile).code).toBe(0)
    expect(verify(resigned, '--key', keyFile, '--checkpoint', JSON.stringify(kept))).toMatchObject({ code: 1, out: expect.stringMatching(/^broken: the export holds \d+ events, fewer than the \d+ of the earlier checkpoint/) })
    // Padding the rewritten chain back to the kept length does not help either.
    const padding = Array.from({ length: kept.events - rewritten.length }, (_, i) => ({ ...rewritten[i % rewritten.length]!, id: 100_000 + i, index: rewritten.length + i }))
    const padded = rehash([...rewritten, ...padding])
    const resignedPadded = { ...acme, events: padded, note: renote(padded, key), checkpoint: signCheckpoint({ workspace: acme.workspace, events: padded.length, head: padded.at(-1)!.hash, at: new Date().toISOString() }, key, kept.keyId) }
    expect(verify(resignedPadded, '--key', keyFile, '--checkpoint', JSON.stringify(kept))).toMatchObject({ code: 1, out: expect.stringContaining('does not extend the earlier checkpoint') })
  })

  it('a checkpoint of another workspace, or a changed one, is refused as the earlier checkpoint', () => {
    const other = { ...acme.checkpoint, workspace: { id: 999, slug: 'elsewhere' } }
    expect(verify(acme, '--key', keyFile, '--checkpoint', JSON.stringify(other))).toMatchObject({ code: 1, out: expect.stringContaining('the earlier checkpoint is for workspace elsewhere') })
    const changed = { ...acme.checkpoint, events: 3, head: acme.events[2]!.hash }
    expect(verify(acme, '--key', keyFile, '--checkpoint', JSON.stringify(changed))).toMatchObject({ code: 1, out: expect.stringContaining('the earlier checkpoint\'s signature does not hold') })
  })
})

describe('the daily checkpoint', () => {
  const daily = useTestServer({ env: { NUXT_AUDIT_CHECKPOINT_SCAN_MS: '300', NUXT_AUDIT_CHECKPOINT_INTERVAL_MS: '2000', NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' } })

  it('signs a chain that moved, once per interval, and not one that stood still', async () => {
    const ada = await daily.api.login('ada@acme.test')
    const hook = await startReceiver()
    try {
      expect((await daily.api.post('/api/workspaces/acme/webhooks', { url: hook.url, events: ['audit.checkpoint'] }, ada)).status).toBe(201)
      const first = await hook.waitFor(r => r.json?.type === 'audit.checkpoint')
      const signedEvents = first.json.data.checkpoint.events
      expect(first.json.data.checkpoint.head).toMatch(/^[0-9a-f]{64}$/)
      // Nothing moves: no second checkpoint however long we wait past the interval… until the chain moves.
      expect((await daily.api.patch('/api/workspaces/acme', { description: 'moved' }, ada)).status).toBe(200)
      const next = await hook.waitFor(r => r.json?.type === 'audit.checkpoint' && r.json.data.checkpoint.events > signedEvents)
      expect(next.json.data.checkpoint.events).toBe(signedEvents + 1)
      expect(hook.received.filter(r => r.json?.type === 'audit.checkpoint' && r.json.data.checkpoint.events === signedEvents)).toHaveLength(1)
    }
    finally {
      await hook.close()
    }
  })
})

if (TEST_STORE === 'sqlite') {
  describe('NUXT_AUDIT_SIGNING_KEY', () => {
    const pair = generateKeyPairSync('ed25519')
    // Written with its line breaks as \n, as environment files often hold a PEM.
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim().replace(/\n/g, '\\n')
    const configured = useTestServer({ env: { NUXT_AUDIT_SIGNING_KEY: pem } })

    it('signs with the configured key and writes no key file', async () => {
      const res = await configured.api.get('/api/audit/public-key', null)
      expect(res.body.publicKey).toBe(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString())
      expect(() => statSync(join(configured.server.dir, '.audit-signing-key'))).toThrow()
    })
  })
}
