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

describe('nobody keeps an address from its owner', () => {
  it('an unverified claim blocks no one, the first to verify wins, and refused attempts send and count no mail', async () => {
    const tokenIn = async (to: string, greeting: string) => {
      const mail = await smtp.waitFor(m => m.to.includes(to) && m.text.includes(greeting))
      return /verify-email\?token=([\w-]+)/.exec(mail.text)![1]!
    }
    // Cy claims Ben's address first and never verifies it: Ben adds it all the same.
    const cy = await api.login('cy@acme.test')
    expect((await api.post('/api/me/emails', { email: 'ben.home@victim.test' }, cy)).status).toBe(201)
    const ben = await api.login('ben@acme.test')
    expect((await api.post('/api/me/emails', { email: 'ben.home@victim.test' }, ben)).status).toBe(201)
    const bens = await tokenIn('ben.home@victim.test', 'Hi Ben')
    const cys = await tokenIn('ben.home@victim.test', 'Hi Cy')
    expect((await api.post('/api/me/emails/verify', { token: bens }, ben)).body.verified).toBe(true)
    // Verifying took Cy's claim away: her link is dead and the address is no longer on her account.
    expect((await api.post('/api/me/emails/verify', { token: cys }, cy)).status).toBe(404)
    expect((await api.get('/api/me/emails', cy)).body.map((e: { email: string }) => e.email)).not.toContain('ben.home@victim.test')

    // A verified address is taken: refused before any mail, and against no limit (3 verification mails an address an hour).
    for (let i = 0; i < 4; i++) expect((await api.post('/api/me/emails', { email: 'ben.home@victim.test' }, cy)).body.data.code).toBe('EmailTaken')
    const emails = (await api.get('/api/me/emails', ben)).body as { id: number, email: string }[]
    expect((await api.del(`/api/me/emails/${emails.find(e => e.email === 'ben.home@victim.test')!.id}`, ben)).status).toBe(204)
    expect((await api.post('/api/me/emails', { email: 'ben.home@victim.test' }, ben)).status).toBe(201)
  })
})
