import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from './helpers/client'
import { inMinutes } from './helpers/fixtures'
import { freePort, useTestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

let smtp: TestSmtp | undefined
let smtpPort: number
beforeAll(async () => {
  smtpPort = await freePort()
})
afterAll(() => smtp?.close())

// The SMTP server is down when the server starts sending.
const main = useTestServer({ env: () => ({ NUXT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }) })
let api: ApiClient
beforeAll(() => {
  ({ api } = main)
})

describe('mail delivery', () => {
  it('keeps mail in the outbox while SMTP is down, then delivers it exactly once', async () => {
    const admin = await api.login('admin@example.com')
    const req = await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'outbox-test', expiresAt: inMinutes(12) }, admin)
    expect(req.status).toBe(201)
    // Wait for the first failed attempt to be recorded.
    let mail: { attempts: number, sentAt: string | null, lastError: string | null } | undefined
    for (let i = 0; i < 50 && !mail?.attempts; i++) {
      await new Promise(r => setTimeout(r, 100))
      mail = (await api.get('/api/admin/emails', admin)).body.items.find((m: { to: string, text: string }) => m.to === 'ada@acme.test' && m.text.includes('outbox-test'))
    }
    expect(mail).toMatchObject({ sentAt: null })
    expect(mail!.attempts).toBeGreaterThanOrEqual(1)
    expect(mail!.lastError).toBeTruthy()

    smtp = await startSmtp(smtpPort)
    await smtp.waitFor(m => m.to.includes('ada@acme.test') && m.text.includes('outbox-test'), 20_000)
    await new Promise(r => setTimeout(r, 6000)) // another delivery tick must not send it again
    expect(smtp.messages.filter(m => m.to.includes('ada@acme.test') && m.text.includes('outbox-test'))).toHaveLength(1)
    const after = (await api.get('/api/admin/emails', admin)).body.items.find((m: { text: string }) => m.text.includes('outbox-test'))
    expect(after.sentAt).not.toBeNull()
  }, 40_000)

  it('reminds the requester 15 minutes before an active session expires, once', async () => {
    const admin = await api.login('admin@example.com')
    const ada = await api.login('ada@acme.test')
    const { body: session } = await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'reminder-test', expiresAt: inMinutes(12) }, admin)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    await smtp!.waitFor(m => m.to.includes('admin@example.com') && /expires soon/.test(m.text), 15_000)
    await new Promise(r => setTimeout(r, 6000))
    expect(smtp!.messages.filter(m => m.to.includes('admin@example.com') && /expires soon/.test(m.text))).toHaveLength(1)
  }, 40_000)
})

describe('links in email without NUXT_PUBLIC_BASE_URL', () => {
  const t = useTestServer({ env: { NUXT_PUBLIC_BASE_URL: '' } })

  it('point at the address the server actually serves on', async () => {
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'links' }, admin)).status).toBe(201)
    const outbox = (await t.api.get('/api/admin/emails', admin)).body.items as { subject: string, text: string }[]
    const mail = outbox.find(m => m.subject === 'Support access requested for Acme')!
    expect(mail.text).toContain(`${t.server.url}/settings/workspaces/acme/support`)
  })

  it('say times in UTC in words, and the outbox is searched by recipient or subject (issue 21)', async () => {
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.post('/api/admin/workspaces/globex/support-sessions', { reason: 'times', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, admin)).status).toBe(201)
    const found = (await t.api.get('/api/admin/emails?q=GLOBEX', admin)).body
    expect(found.total).toBeGreaterThan(0)
    expect(found.items.every((m: { to: string, subject: string }) => /globex/i.test(m.subject) || /globex/i.test(m.to))).toBe(true)
    expect(found.items[0].text).toMatch(/until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/)
    expect(found.items[0].text).not.toContain('GMT')
    expect((await t.api.get('/api/admin/emails?q=%25', admin)).body.total).toBe(0)
  })
})
