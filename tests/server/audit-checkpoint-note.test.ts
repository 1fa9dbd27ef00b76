import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeBase64, openCheckpoint, verifierFromVkey, type NoteVerifier } from '#shared/transparency'
import { demoIds, inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { freePort, useTestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

// SPEC 3.14, issue 33 item 6: the webhook event `audit.checkpoint` and the "Support session ended" email carry
// the C2SP signed note of the workspace's tree, so the workspace's own systems hold copies a verifier or a
// witness takes as they are.
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp(await freePort())
})
const t = useTestServer({ env: () => ({ NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true', NUXT_SMTP_URL: smtp.url }), personas: ['ada', 'sam'] })
const dir = mkdtempSync(join(tmpdir(), 'sa-checkpoint-note-'))
let receiver: TestReceiver
let serverKey: NoteVerifier
let origin: string
beforeAll(async () => {
  receiver = await startReceiver()
  const vkey = verifierFromVkey((await t.api.get('/api/audit/public-key')).body.vkey)
  if (!vkey.ok) throw new Error(vkey.reason)
  serverKey = vkey.verifier
})
afterAll(async () => {
  await receiver.close()
  await smtp.close()
  rmSync(dir, { recursive: true, force: true })
})

const file = (name: string, content: string) => {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}`)
  writeFileSync(path, content)
  return path
}

/** The note opened with the server's published key (shared/transparency's verifier): it must verify. */
function opened(note: string) {
  const result = openCheckpoint(note, [serverKey], origin)
  if (!result.ok) throw new Error(`the note does not verify: ${result.reason}`)
  return { size: result.checkpoint.size, root: encodeBase64(result.checkpoint.rootHash) }
}

describe('a session\'s end sends the signed note of the audit log (SPEC 3.14)', () => {
  let hookNote: string
  let hookBody: string

  beforeAll(async () => {
    const { ada, sam } = t.as
    const acme = (await t.api.get('/api/workspaces/acme', ada)).body.workspace
    origin = `${new URL(t.server.url).host}/audit/${acme.id}`
    expect((await t.api.post('/api/workspaces/acme/webhooks', { url: receiver.url, events: ['audit.checkpoint'] }, ada)).status).toBe(201)
    const { tower } = await demoIds(t.api, ada)
    const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'note in the ended email', expiresAt: inMinutes(30) }, sam)).body
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    expect((await t.api.post(`/api/projects/${tower}/comments`, { text: 'a change the note covers' }, sam)).status).toBe(201)
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    const hook = await receiver.waitFor(r => r.json?.type === 'audit.checkpoint')
    hookNote = hook.json.data.note
    hookBody = hook.body
  })

  it('the audit.checkpoint webhook carries a note that verifies with the server\'s key, of the tree the checkpoint route serves', async () => {
    const hook = receiver.received.find(r => r.json?.type === 'audit.checkpoint')!
    expect(typeof hookNote).toBe('string')
    const fromHook = opened(hookNote)
    // The legacy JSON checkpoint (contract version 2 keeps it) signs the same events.
    expect(hook.json.data.checkpoint.events).toBe(fromHook.size)
    const route = await t.api.get('/api/workspaces/acme/audit/checkpoint', t.as.ada)
    expect(route.status).toBe(200)
    expect(opened(route.body)).toEqual(fromHook)
    // Ed25519 is deterministic: the server's signature line is the very one the route serves at that size.
    const signatureLine = hookNote.split('\n').find(line => line.startsWith('— '))!
    expect((route.body as string).split('\n')).toContain(signatureLine)
    // A note changed by one byte does not verify.
    expect(openCheckpoint(hookNote.replace(`\n${fromHook.size}\n`, `\n${fromHook.size - 1}\n`), [serverKey]).ok).toBe(false)
  })

  it('the ended email holds the same note, as plain text and as preformatted HTML, with what it is and how to check it', async () => {
    const ended = (await t.api.get('/api/admin/emails', t.as.sam)).body.items.filter((m: { subject: string }) => m.subject === 'Support session ended: Acme')
    expect(ended.length).toBeGreaterThanOrEqual(2) // Ada, and Sam who requested it
    for (const email of ended as { text: string }[]) {
      expect(email.text.slice(email.text.indexOf(`${origin}\n`))).toBe(hookNote)
      expect(email.text).toContain('npm run audit:verify -- <a later export> --checkpoint <this note')
    }
    // As delivered (loopback SMTP): the HTML part holds the note as preformatted text, every byte of it.
    const delivered = await smtp.waitFor(m => m.to.includes('ada@acme.test') && m.text.includes('Subject: Support session ended: Acme'))
    const message = Buffer.from(delivered.text, 'latin1').toString('utf8').replace(/\r\n/g, '\n')
    const escaped = hookNote.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    expect(message).toMatch(/<pre[^>]*>/)
    expect(message).toContain(`>${escaped}</pre>`)
  })

  it('npm run audit:verify takes the note from the email, or the webhook body itself, as the earlier checkpoint', async () => {
    const exported = await t.api.get('/api/workspaces/acme/audit/export?format=json', t.as.ada)
    expect(exported.status).toBe(200)
    const exportFile = file('export.json', JSON.stringify(exported.body))
    const vkey = (await t.api.get('/api/audit/public-key')).body.vkey
    const size = opened(hookNote).size
    const verify = (checkpoint: string) => {
      const run = spawnSync(process.execPath, ['scripts/audit-verify.mjs', exportFile, '--key', vkey, '--checkpoint', checkpoint], { encoding: 'utf8' })
      return { code: run.status, out: (run.stdout + run.stderr).trim() }
    }
    for (const kept of [file('note.txt', hookNote), hookNote.replace(/\n$/, ''), file('hook.json', hookBody)]) {
      expect(verify(kept)).toMatchObject({ code: 0, out: expect.stringContaining(`extends the earlier checkpoint of ${size} events`) })
    }
  })
})
