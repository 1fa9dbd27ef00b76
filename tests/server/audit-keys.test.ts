import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseVkey } from '#shared/transparency/keys'
import { useTestServer } from './helpers/server'

// SPEC 3.14: the key history, rotation without breaking old checkpoints, a key file others can read refused at start.
const t = useTestServer({ personas: ['ada'] })
const dir = mkdtempSync(join(tmpdir(), 'sa-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface KeyEntry { keyId: string, vkey: string, publicKey: string, from: string, until: string | null }
const keyFile = () => join(t.server.dir, '.audit-signing-key')
const mode = (file: string) => statSync(file).mode & 0o777

/** `npm run audit:verify` on a saved export, as a workspace admin runs it. */
function verify(exported: unknown, ...options: string[]) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(exported))
  const run = spawnSync(process.execPath, ['scripts/audit-verify.mjs', file, ...options], { encoding: 'utf8' })
  return { code: run.status, out: (run.stdout + run.stderr).trim() }
}

async function exportAcme() {
  const res = await t.api.get('/api/workspaces/acme/audit/export?format=json', t.as.ada)
  expect(res.status).toBe(200)
  return res.body as { checkpoint: { keyId: string }, events: unknown[] }
}

const keys = async () => (await t.api.get('/api/audit/keys', null)).body.items as KeyEntry[]

describe('audit signing keys (SPEC 3.14)', () => {
  let first: KeyEntry
  let before: Awaited<ReturnType<typeof exportAcme>>
  let oldKeyFile: string

  it('loads the key at first use, not at start, and lists it with its C2SP vkey named by the server\'s host', async () => {
    // Nothing was signed yet: start-up made no key (issue 33 keeps key loading off the start-up path).
    expect(existsSync(keyFile())).toBe(false)
    const current = (await t.api.get('/api/audit/public-key', null)).body
    expect(mode(keyFile())).toBe(0o600)
    const host = new URL(t.server.url).host
    expect(current.vkey).toMatch(new RegExp(`^${host.replace(/\./g, '\\.')}\\+[0-9a-f]{8}\\+`))
    expect(parseVkey(current.vkey)).toMatchObject({ ok: true, name: host, type: 1 })
    const listed = await keys()
    expect(listed).toEqual([{ keyId: current.keyId, vkey: current.vkey, publicKey: current.publicKey, from: expect.any(String), until: null }])
    first = listed[0]!
    oldKeyFile = join(dir, 'old-key.json')
    writeFileSync(oldKeyFile, JSON.stringify(current))
    before = await exportAcme()
    expect(before.checkpoint.keyId).toBe(first.keyId)
  })

  it('rotates: a new 0600 key file, the old one kept as retired, and after a restart both listed and both exports verify', async () => {
    const run = spawnSync(process.execPath, ['scripts/audit-rotate-key.mjs'], { encoding: 'utf8', env: { ...process.env, NUXT_DATABASE_PATH: t.server.dbPath, NUXT_AUDIT_SIGNING_KEY: '' } })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`Audit signing key rotated: ${first.keyId} → `)
    expect(run.stdout).toContain('Restart the server')
    const retired = join(t.server.dir, `.audit-signing-key.${first.keyId}.retired`)
    expect([mode(keyFile()), mode(retired)]).toEqual([0o600, 0o600])
    // Until the restart the running server keeps signing with the key it loaded.
    expect((await exportAcme()).checkpoint.keyId).toBe(first.keyId)

    await t.server.restart()
    const after = await exportAcme()
    expect(after.checkpoint.keyId).not.toBe(first.keyId)
    const listed = await keys()
    expect(listed).toHaveLength(2)
    expect(listed[0]).toMatchObject({ keyId: first.keyId, vkey: first.vkey, from: first.from, until: expect.any(String) })
    expect(listed[1]).toMatchObject({ keyId: after.checkpoint.keyId, until: null })
    expect(Date.parse(listed[0]!.until!)).toBeLessThanOrEqual(Date.parse(listed[1]!.from))
    expect(parseVkey(listed[1]!.vkey)).toMatchObject({ ok: true })
    expect((await t.api.get('/api/audit/public-key', null)).body.keyId).toBe(after.checkpoint.keyId)

    // Each checkpoint is checked with the key it names, from the one list of keys.
    for (const exported of [before, after]) {
      const checked = verify(exported, '--key', `${t.server.url}/api/audit/keys`)
      expect(checked.code, checked.out).toBe(0)
      expect(checked.out).toContain(`signature verified with key ${exported.checkpoint.keyId}`)
    }
    // The older forms of --key still work for the checkpoints of their key, and name the mismatch otherwise.
    expect(verify(before, '--key', oldKeyFile).code).toBe(0)
    expect(verify(after, '--key', `${t.server.url}/api/audit/public-key`).code).toBe(0)
    expect(verify(after, '--key', oldKeyFile)).toEqual({ code: 1, out: `broken: the export's checkpoint names key ${after.checkpoint.keyId}, but the key given is ${first.keyId}` })
  }, 90_000) // six verifier processes and a restart: slow on a loaded machine

  it('a key file others can read stops the server at start, naming the command that fixes it', async () => {
    chmodSync(keyFile(), 0o644)
    await expect(t.server.restart()).rejects.toThrow(/exited before it was healthy/)
    await new Promise(r => setTimeout(r, 200))
    expect(t.server.process.exitCode).not.toBe(0)
    expect(t.server.output()).toContain(`chmod 600 ${keyFile()}`)
    chmodSync(keyFile(), 0o600)
    await t.server.restart()
    expect((await keys()).map(k => k.until === null)).toEqual([false, true])
  })
})

describe('npm run audit:rotate-key with NUXT_AUDIT_SIGNING_KEY', () => {
  it('writes no file and prints the new key for the environment', () => {
    const folder = mkdtempSync(join(dir, 'env-'))
    const pem = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("crypto").generateKeyPairSync("ed25519").privateKey.export({type:"pkcs8",format:"pem"}))'], { encoding: 'utf8' }).stdout
    const run = spawnSync(process.execPath, ['scripts/audit-rotate-key.mjs'], { encoding: 'utf8', env: { ...process.env, NUXT_DATABASE_PATH: join(folder, 'app.sqlite'), NUXT_AUDIT_SIGNING_KEY: pem.replace(/\n/g, '\\n') } })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('-----BEGIN PRIVATE KEY-----')
    expect(run.stdout).toContain('Put it in NUXT_AUDIT_SIGNING_KEY')
    expect(existsSync(join(folder, '.audit-signing-key'))).toBe(false)
  })
})
