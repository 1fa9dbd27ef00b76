import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLeafHash, decodeBase64, openCheckpoint, parseCheckpoint, parseNote, verifierFromVkey, verifyConsistency, verifyInclusion, type Hash } from '#shared/transparency'
import { appendEventFromOutside } from './helpers/audit-append'
import { useTestServer } from './helpers/server'

// SPEC 3.14, issue 33: the audit log as a transparency log. Each forgery of the issue is a test here.
const t = useTestServer({ personas: ['ada', 'sam', 'ben'] })
const dir = mkdtempSync(join(tmpdir(), 'sa-transparency-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Event { index: number, id: number, workspaceId: number, hash: string, prevHash: string, createdAt: string, actorName: string | null, description: string, inclusionProof?: string[], [k: string]: unknown }
interface Export { workspace: { id: number, slug: string }, note: string, range?: Record<string, unknown>, events: Event[], [k: string]: unknown }

function verify(exported: unknown, ...options: string[]) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(exported))
  const run = spawnSync(process.execPath, ['scripts/audit-verify.mjs', file, ...options], { encoding: 'utf8' })
  return { code: run.status, out: (run.stdout + run.stderr).trim() }
}

// A second generator, written apart from shared/transparency: RFC 6962 §2.1 MTH, PATH and PROOF as the RFC
// defines them, recursively over the leaves in memory.
const sha = (...parts: Uint8Array[]) => new Uint8Array(parts.reduce((h, p) => h.update(p), createHash('sha256')).digest())
const naiveLeaf = (chainHash: string) => sha(Uint8Array.of(0), new TextEncoder().encode(chainHash))
const naiveK = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1)
function mth(d: Hash[]): Hash {
  if (d.length === 0) return sha()
  if (d.length === 1) return d[0]!
  const k = naiveK(d.length)
  return sha(Uint8Array.of(1), mth(d.slice(0, k)), mth(d.slice(k)))
}
function path(m: number, d: Hash[]): Hash[] {
  if (d.length <= 1) return []
  const k = naiveK(d.length)
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))]
}
function subproof(m: number, d: Hash[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [mth(d)]
  const k = naiveK(d.length)
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))]
}
const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64')
const unb64 = (s: string) => decodeBase64(s)!

/** An audited change of Acme's (its name): one event in its chain. */
async function change(text: string) {
  expect((await t.api.patch('/api/workspaces/acme', { name: `Acme ${text}` }, t.as.ada)).status).toBe(200)
}

let exportOf: (query?: string) => Promise<Export>
let vkey: string
beforeAll(async () => {
  // Past two tiles of sixteen (the tree stores rows only for complete tiles), with one still filling.
  for (let i = 1; i <= 40; i++) await change(`change ${i}`)
  exportOf = async (query = '') => {
    const res = await t.api.get(`/api/workspaces/acme/audit/export?format=json${query}`, t.as.ada)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }
  vkey = (await t.api.get('/api/audit/public-key')).body.vkey
})

const adaToken = () => (t.as.ada as { token: string }).token

const rootOf = (note: string) => {
  const parsed = parseNote(note)
  if (!parsed.ok) throw new Error(parsed.reason)
  const checkpoint = parseCheckpoint(parsed.text)
  if (!checkpoint.ok) throw new Error(checkpoint.reason)
  return checkpoint.checkpoint
}

describe('the checkpoint and proof routes (SPEC 3.14)', () => {
  it('the checkpoint is a C2SP note of the whole tree, signed with the published key; its root is the one recomputed from every event', async () => {
    const res = await t.api.get('/api/workspaces/acme/audit/checkpoint', t.as.ada)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const whole = await exportOf()
    const verifier = verifierFromVkey(vkey)
    if (!verifier.ok) throw new Error(verifier.reason)
    const opened = openCheckpoint(res.body, [verifier.verifier])
    expect(opened.ok).toBe(true)
    const tree = rootOf(res.body)
    expect(tree.origin).toBe(`${new URL(t.server.url).host}/audit/${whole.workspace.id}`)
    // The export came after (and recorded a read), so the tree then held at least as many events.
    const leaves = whole.events.map(e => naiveLeaf(e.hash))
    expect(b64(mth(leaves.slice(0, tree.size)))).toBe(b64(tree.rootHash))
    expect(b64(mth(leaves))).toBe(b64(rootOf(whole.note).rootHash))
  })

  it('inclusion and consistency proofs verify with the shared verifier and equal a second, naive generator\'s', async () => {
    const whole = await exportOf()
    const leaves = whole.events.map(e => naiveLeaf(e.hash))
    const n = leaves.length
    for (const [index, size] of [[0, 1], [0, n], [n - 1, n], [3, n], [2, 5], [4, 7], [15, 16], [16, 17], [17, n], [31, 32], [33, n]] as const) {
      const res = await t.api.get(`/api/workspaces/acme/audit/proof/inclusion?index=${index}&size=${size}`, t.as.ada)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ index, size, hashes: path(index, leaves.slice(0, size)).map(b64) })
      expect(verifyInclusion(index, size, auditLeafHash(whole.events[index]!.hash), res.body.hashes.map(unb64), mth(leaves.slice(0, size)))).toEqual({ ok: true })
    }
    for (const [from, to] of [[1, n], [3, 7], [4, 8], [n - 1, n], [n, n], [5, 6], [15, 16], [16, 32], [17, 33], [32, n], [31, n]] as const) {
      const res = await t.api.get(`/api/workspaces/acme/audit/proof/consistency?from=${from}&to=${to}`, t.as.ada)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ from, to, hashes: subproof(from, leaves.slice(0, to), true).map(b64) })
      expect(verifyConsistency(from, to, res.body.hashes.map(unb64), mth(leaves.slice(0, from)), mth(leaves.slice(0, to)))).toEqual({ ok: true })
    }
  })

  it('refuses positions the tree does not hold with a code, and strangers with the read gate', async () => {
    const size = rootOf((await t.api.get('/api/workspaces/acme/audit/checkpoint', t.as.ada)).body).size
    for (const query of [`inclusion?index=${size}&size=${size}`, `inclusion?index=0&size=${size + 5}`, 'consistency?from=0&to=1', `consistency?from=3&to=2`, `consistency?from=1&to=${size + 5}`]) {
      const res = await t.api.get(`/api/workspaces/acme/audit/proof/${query}`, t.as.ada)
      expect(res.status, query).toBe(400)
      expect(res.body.data.code).toBe('AuditTreePositionOutOfRange')
    }
    expect((await t.api.get('/api/workspaces/acme/audit/proof/inclusion?index=x&size=1', t.as.ada)).body.data.code).toBe('ValidationFailed')
    expect((await t.api.get('/api/workspaces/acme/audit/export?fromIndex=0&toIndex=100000', t.as.ada)).body.data.code).toBe('AuditTreePositionOutOfRange')
    for (const route of ['checkpoint', 'proof/inclusion?index=0&size=1', 'proof/consistency?from=1&to=1']) {
      expect((await t.api.get(`/api/workspaces/acme/audit/${route}`, t.as.ben)).status).toBe(403)
    }
  })
})

describe('exports as transparency-log slices (issue 33\'s forgeries)', () => {
  it('a whole export verifies its note\'s signature with the vkey and its root; a note changed by one byte does not', async () => {
    const whole = await exportOf()
    const ok = verify(whole, '--key', vkey)
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^ok ${whole.events.length} events\n(checkpoint: .*\n)?note: signature verified with `)) })
    const resized = { ...whole, note: whole.note.replace(`\n${whole.events.length}\n`, `\n${whole.events.length - 1}\n`) }
    expect(verify(resized, '--key', vkey)).toMatchObject({ code: 1, out: 'broken: the export\'s note does not verify: invalid signature' })
    expect(verify({ ...whole, note: undefined }, '--key', vkey)).toMatchObject({ code: 1, out: expect.stringContaining('has no signed note') })
  })

  it('a range export with its `range` removed never verifies as the whole log', async () => {
    const whole = await exportOf()
    const part = await exportOf(`&fromIndex=0&toIndex=3`)
    expect(part.events.map(e => e.index)).toEqual([0, 1, 2, 3])
    expect(rootOf(part.note).size).toBe(whole.events.length)
    const { range: _, ...noRange } = part
    // Its proofs still place it: four events of the chain's n, never "the log".
    expect(verify(noRange, '--key', vkey)).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^ok 4 events \\(events 1 to 4 of the chain's ${whole.events.length},`)) })
    const stripped = { ...noRange, events: part.events.map(({ inclusionProof: _p, ...e }) => e) }
    expect(verify(stripped, '--key', vkey)).toMatchObject({ code: 1, out: `broken: the export holds 4 events, but its checkpoint signs ${whole.events.length}` })
    // Without the legacy checkpoint too, the note alone says the same.
    expect(verify({ ...stripped, checkpoint: undefined }, '--key', vkey)).toMatchObject({ code: 1, out: `broken: the export holds 4 events, but its note signs a tree of ${whole.events.length}: events are missing or were added` })
  })

  it('a filtered download proves each of its events in the signed tree, and never claims to be complete', async () => {
    const whole = await exportOf()
    const filtered = await exportOf('&category=settings')
    expect(filtered.events.length).toBeGreaterThan(1)
    expect(filtered.events.every(e => String(e.action).startsWith('workspace.'))).toBe(true)
    const size = rootOf(filtered.note).size
    expect(size).toBeGreaterThanOrEqual(whole.events.length)
    expect(verify(filtered, '--key', vkey)).toMatchObject({ code: 0, out: expect.stringContaining(`each untouched and in the signed tree of ${size} events (signature verified); a filtered export cannot show that none is missing`) })
    // An event whose proof is not its own fails it; so does a note that is not the server's.
    const [first, second, ...rest] = filtered.events
    const moved = { ...filtered, events: [{ ...first!, inclusionProof: second!.inclusionProof }, second!, ...rest] }
    expect(verify(moved, '--key', vkey)).toMatchObject({ code: 1, out: expect.stringMatching(/^broken: event \d+'s inclusion proof at position \d+ fails: /) })
    expect(verify({ ...filtered, note: whole.note.replace(/\n\n[\s\S]*$/, '\n\n— forged AAAA\n') }, '--key', vkey)).toMatchObject({ code: 1 })
  })

  it('dropping a range\'s first events under a forged range is caught by the proofs', async () => {
    const part = await exportOf(`&fromIndex=2`)
    const dropped = { ...part, events: part.events.slice(3), range: { ...part.range, precedingEvents: 3, prevHash: part.events[2]!.hash } }
    expect(verify(dropped, '--key', vkey)).toMatchObject({ code: 1, out: expect.stringMatching(/^broken: its range says positions 2 to \d+, but its proofs place its events at 5 to/) })
    // Renumbering the events to match the range breaks their inclusion proofs.
    const renumbered = { ...dropped, events: dropped.events.map((e, i) => ({ ...e, index: 2 + i })) }
    expect(verify(renumbered, '--key', vkey)).toMatchObject({ code: 1, out: expect.stringMatching(/^broken: event \d+'s inclusion proof at position 2 fails: /) })
  })

  it('a date range is one contiguous run of positions even when clocks go backwards', async () => {
    const before = await exportOf()
    await change('first, on time')
    const onTime = (await exportOf()).events.at(-1)!
    // Another instance whose clock is a minute behind appends the next event.
    // What a second instance with a clock behind does: an ordinary append, through the store's own path.
    const skewed = await appendEventFromOutside(t.server, { workspaceId: before.workspace.id, actorId: null, supportSessionId: null, action: 'workspace.updated', targetType: null, targetId: null, data: '{}', createdAt: Date.parse(onTime.createdAt) - 60_000 })
    await change('after')
    const part = await exportOf(`&from=${encodeURIComponent(onTime.createdAt)}`)
    expect(part.events.map(e => e.hash)).toContain(skewed)
    expect(part.events[0]!.hash).toBe(onTime.hash)
    expect(verify(part, '--key', vkey)).toMatchObject({ code: 0 })
  })

  it('names the fields no signature covers: a changed actorName or description is reported as not covered', async () => {
    const part = await exportOf('&fromIndex=1&toIndex=2')
    expect(part.notCovered).toMatchObject({ fields: ['actorName', 'description'] })
    const renamed = { ...part, events: part.events.map(e => ({ ...e, actorName: 'Mallory', description: 'Mallory did nothing' })) }
    expect(verify(renamed, '--key', vkey)).toMatchObject({ code: 0, out: expect.stringContaining('not covered by any signature: actorName, description') })
  })

  it('checks consistency with an earlier note: recomputed for a whole export, a fetched proof for a range; a forked note fails', async () => {
    const earlier = (await t.api.get('/api/workspaces/acme/audit/checkpoint', t.as.ada)).body as string
    const noteFile = join(dir, 'earlier.note')
    writeFileSync(noteFile, earlier)
    await change('later')
    const size = rootOf(earlier).size
    expect(verify(await exportOf(), '--key', vkey, '--checkpoint', noteFile)).toMatchObject({ code: 0, out: expect.stringContaining(`extends the earlier checkpoint of ${size} events (its root recomputed) unchanged`) })
    const part = await exportOf(`&fromIndex=${size}`)
    expect(verify(part, '--key', vkey, '--checkpoint', noteFile, '--url', t.server.url, '--token', adaToken())).toMatchObject({ code: 0, out: expect.stringContaining('(consistency proof verified)') })
    // A note the server never signed (another root) is refused before any comparison.
    const forked = earlier.replace(/\n([A-Za-z0-9+/=]{44})\n/, (_, root: string) => `\n${b64(sha(unb64(root)))}\n`)
    expect(verify(part, '--key', vkey, '--checkpoint', forked, '--url', t.server.url, '--token', adaToken())).toMatchObject({ code: 1, out: 'broken: the earlier checkpoint\'s note does not verify: invalid signature' })
  })
})
