import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from './helpers/client'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url }) })
let api: ApiClient
beforeAll(() => {
  ({ api } = t)
})

describe('several emails per account', () => {
  it('adds an email, verifies it by the mailed link, then signs in with it and receives its invites', async () => {
    const gus = await api.login('gus@partner.test')
    const added = await api.post('/api/me/emails', { email: 'gus@acme.test' }, gus)
    expect(added.status).toBe(201)
    expect(added.body.verified).toBe(false)
    expect((await api.post('/api/auth/login', { email: 'gus@acme.test', password: DEMO_PASSWORD })).status).toBe(401)

    const mail = await smtp.waitFor(m => m.to.includes('gus@acme.test'))
    const token = /verify-email\?token=([\w-]+)/.exec(mail.text)?.[1]
    expect(token).toBeTruthy()
    const ben = await api.login('ben@acme.test')
    expect((await api.post('/api/me/emails/verify', { token }, ben)).status).toBe(404)
    expect((await api.post('/api/me/emails/verify', { token }, gus)).body.verified).toBe(true)
    expect((await api.post('/api/me/emails/verify', { token }, gus)).status).toBe(404)

    const viaNew = await api.post('/api/auth/login', { email: 'gus@acme.test', password: DEMO_PASSWORD })
    expect(viaNew.status).toBe(200)
    expect(viaNew.body.user.email).toBe('gus@partner.test')

    const gil = await api.login('gil@globex.test')
    await api.post('/api/workspaces/globex/invites', { email: 'gus@acme.test', role: 'guest', seat: 'viewer' }, gil)
    expect((await api.get('/api/invites', gus)).body.map((i: { email: string }) => i.email)).toContain('gus@acme.test')
  })

  it('refuses an email someone already uses, and keeps the primary one', async () => {
    const gus = await api.login('gus@partner.test')
    expect((await api.post('/api/me/emails', { email: 'ada@acme.test' }, gus)).body.data.code).toBe('EmailTaken')
    const emails = (await api.get('/api/me/emails', gus)).body
    const primary = emails.find((e: { primary: boolean }) => e.primary)
    expect((await api.del(`/api/me/emails/${primary.id}`, gus)).status).toBe(404)
  })
})
