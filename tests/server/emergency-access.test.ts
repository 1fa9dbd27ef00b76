import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { useTestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

/**
 * SPEC 3.13, issue 34: emergency access with its review, automatic approval of short read-only requests,
 * and the reminder about a request still waiting. Over HTTP, on both stores.
 */
let smtp: TestSmtp
let receiver: TestReceiver
beforeAll(async () => {
  smtp = await startSmtp()
  receiver = await startReceiver()
})
afterAll(async () => {
  await smtp?.close()
  await receiver?.close()
})

const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url, NUXT_UPKEEP_INTERVAL_MS: '200', NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' }), personas: ['sam', 'olive', 'ada', 'ben', 'cy'] })

const sessions = '/api/admin/workspaces/acme/support-sessions'
const policy = (body: object) => t.api.patch('/api/workspaces/acme/support-policy', body, t.as.ada)
const REASON = 'Production outage: the Tower project fails to load for every member'
const subjectOf = (m: { text: string }) => /^Subject: (.*)$/m.exec(m.text)?.[1] ?? ''
const mailsTo = (email: string, pattern: RegExp) => smtp.messages.filter(m => m.to.includes(email) && pattern.test(subjectOf(m)))
const waitQuiet = (ms = 1500) => new Promise(r => setTimeout(r, ms))

let towerId: number
let benId: number
beforeAll(async () => {
  const { ada } = t.as
  towerId = (await t.api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
  benId = (await t.api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { name: string } }) => m.user.name === 'Ben').user.id
  // Two Admins, so "every Admin" means more than one.
  expect((await t.api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'admin' }, ada)).status).toBe(200)
  expect((await t.api.post('/api/workspaces/acme/webhooks', { url: receiver.url, events: ['support.emergency', 'support.approved'] }, ada)).status).toBe(201)
})

describe('emergency access', () => {
  let emergencyId: number

  it('is refused while the policy is off (403 EmergencyAccessDisabled), the default', async () => {
    expect((await t.api.get('/api/workspaces/acme/support-policy', t.as.ada)).body).toMatchObject({ emergencyAccess: false, autoApproveReadHours: null, remindAfterMinutes: 30 })
    const res = await t.api.post(sessions, { emergency: true, reason: REASON, durationMinutes: 30 }, t.as.sam)
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('EmergencyAccessDisabled')
  })

  it('with it on, needs a real reason and an end within the hour (400)', async () => {
    expect((await policy({ emergencyAccess: true })).status).toBe(200)
    for (const body of [
      { emergency: true, reason: 'urgent!!! fix now', durationMinutes: 30 },
      { emergency: true, reason: REASON, durationMinutes: 180 },
      { emergency: true, reason: REASON, expiresAt: inMinutes(180) },
      { emergency: true, reason: REASON },
      { emergency: true, reason: REASON, durationMinutes: 30, startsAt: inMinutes(60) },
    ]) {
      const res = await t.api.post(sessions, body, t.as.sam)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.data.code).toBe('ValidationFailed')
    }
  })

  it('starts at once: 201 active and emergency, a write succeeds, every Admin is emailed, members see it, a webhook goes out', async () => {
    const res = await t.api.post(sessions, { emergency: true, reason: REASON, durationMinutes: 45 }, t.as.sam)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'active', emergency: true, approvedBy: null, approvals: [], review: null })
    emergencyId = res.body.id
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(45 * 60_000)
    const wrote = await t.api.post(`/api/projects/${towerId}/comments`, { text: 'Looking into the outage' }, t.as.sam)
    expect(wrote.status).toBe(201)
    for (const email of ['ada@acme.test', 'ben@acme.test']) {
      const mail = await smtp.waitFor(m => m.to.includes(email) && /Emergency access to Acme started/.test(subjectOf(m)))
      expect(mail.text).toContain('Production outage')
    }
    const seen = (await t.api.get('/api/workspaces/acme', t.as.cy)).body
    expect(seen.activeSupport).toEqual([expect.objectContaining({ id: emergencyId, emergency: true, approvedBy: null })])
    expect(seen.unreviewedEmergencies).toBe(0)
    expect((await t.api.get('/api/workspaces/acme', t.as.ada)).body.unreviewedEmergencies).toBe(1)
    const hook = await receiver.waitFor(r => r.json?.type === 'support.emergency')
    expect(hook.json.data.session).toMatchObject({ id: emergencyId, status: 'active', emergency: true })
  })

  it('still never changes its holder\'s own standing (SupportSelfGrant)', async () => {
    const samId = (await t.api.get('/api/me', t.as.sam)).body.user.id
    const res = await t.api.post(`/api/projects/${towerId}/collaborators`, { email: 'admin@example.com', role: 'owner' }, t.as.sam)
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('SupportSelfGrant')
    expect((await t.api.get('/api/workspaces/acme/members', t.as.ada)).body.some((m: { user: { id: number } }) => m.user.id === samId)).toBe(false)
  })

  it('is reviewed by a workspace Admin only, once: not its requester, not another server admin', async () => {
    const review = (as: object, body: object = { verdict: 'flagged', comment: 'Nobody was paged first' }) => t.api.post(`/api/workspaces/acme/support-sessions/${emergencyId}/review`, body, as as never)
    expect((await review(t.as.sam)).status).toBe(403)
    expect((await review(t.as.olive)).status).toBe(403)
    expect((await review(t.as.cy)).status).toBe(403)
    expect((await review(t.as.ada, { verdict: 'maybe' })).status).toBe(400)
    const flagged = await review(t.as.ada)
    expect(flagged.status).toBe(200)
    expect(flagged.body.review).toMatchObject({ verdict: 'flagged', by: { name: 'Ada' }, comment: 'Nobody was paged first' })
    expect((await review(t.as.ben, { verdict: 'acknowledged' })).body.data.code).toBe('SupportSessionAlreadyReviewed')
    const listed = (await t.api.get('/api/workspaces/acme/support-sessions', t.as.ada)).body.active.find((s: { id: number }) => s.id === emergencyId)
    expect(listed.review.verdict).toBe('flagged')
    expect((await t.api.get('/api/workspaces/acme', t.as.ada)).body.unreviewedEmergencies).toBe(0)
    const row = (await t.api.get('/api/admin/workspaces?q=acme', t.as.olive)).body.items.find((w: { slug: string }) => w.slug === 'acme')
    expect(row.flaggedEmergencies).toBe(1)
  })

  it('only an emergency session is reviewed', async () => {
    const asked = (await t.api.post(sessions, { reason: 'ordinary', expiresAt: inMinutes(60) }, t.as.olive)).body
    const res = await t.api.post(`/api/workspaces/acme/support-sessions/${asked.id}/review`, { verdict: 'acknowledged' }, t.as.ada)
    expect(res.body.data.code).toBe('SupportSessionNotEmergency')
    await t.api.post(`/api/workspaces/acme/support-sessions/${asked.id}/revoke`, {}, t.as.ada)
  })

  it('is one per server admin and workspace per 24 hours (429), even after the first ended', async () => {
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${emergencyId}/revoke`, {}, t.as.ada)).status).toBe(200)
    const again = await t.api.post(sessions, { emergency: true, reason: REASON, durationMinutes: 30 }, t.as.sam)
    expect(again.status).toBe(429)
    expect(again.body.data.code).toBe('TooManyAttempts')
    // Another server admin still can.
    const other = await t.api.post(sessions, { emergency: true, reason: REASON, durationMinutes: 15 }, t.as.olive)
    expect(other.status).toBe(201)
    await t.api.post(`/api/workspaces/acme/support-sessions/${other.body.id}/revoke`, {}, t.as.ada)
  })
})

describe('automatic approval of read-only requests', () => {
  it('with 1 hour: a 30-minute read-only request is active at once, approved by the policy; writes and 3 hours wait', async () => {
    expect((await policy({ autoApproveReadHours: 1 })).status).toBe(200)
    const read = { access: 'read', projects: 'all' }
    const quick = await t.api.post(sessions, { reason: 'look at logs', durationMinutes: 30, scope: read }, t.as.sam)
    expect(quick.status).toBe(201)
    expect(quick.body).toMatchObject({ status: 'active', approvedBy: null, approvals: [{ by: null, auto: true }] })
    expect(quick.body.approvals[0].at).toBeTruthy()
    const write = await t.api.post(sessions, { reason: 'fix data', durationMinutes: 30 }, t.as.sam)
    expect(write.body.status).toBe('pending')
    const long = await t.api.post(sessions, { reason: 'long look', durationMinutes: 180, scope: read }, t.as.sam)
    expect(long.body.status).toBe('pending')
    const later = await t.api.post(sessions, { reason: 'later look', durationMinutes: 30, scope: read, startsAt: inMinutes(120) }, t.as.sam)
    expect(later.body.status).toBe('scheduled')
    for (const email of ['ada@acme.test', 'ben@acme.test']) {
      const mail = await smtp.waitFor(m => m.to.includes(email) && /approved automatically/.test(subjectOf(m)))
      expect(mail.text).toMatch(/automatically/)
      expect(mail.text).toContain('/settings/workspaces/acme/support')
    }
    const approved = await receiver.waitFor(r => r.json?.type === 'support.approved' && r.json.data.session.id === quick.body.id)
    expect(approved.json.data.actor).toBeNull()
    // The read-only session cannot write.
    expect((await t.api.post(`/api/projects/${towerId}/comments`, { text: 'no' }, t.as.sam)).body.data.code).toMatch(/SupportSessionOutOfScope|SupportSessionRequired/)
    for (const s of [quick, write, long, later]) await t.api.post(`/api/workspaces/acme/support-sessions/${s.body.id}/revoke`, {}, t.as.ada)
    await policy({ autoApproveReadHours: null })
  })
})

describe('reminders', () => {
  it('a request pending past remindAfterMinutes emails its Admins exactly once more', async () => {
    const asked = (await t.api.post(sessions, { reason: 'still waiting test', expiresAt: inMinutes(120) }, t.as.sam)).body
    await waitQuiet(600)
    const still = () => mailsTo('ada@acme.test', /Still waiting/)
    expect(still()).toHaveLength(0)
    const db = await openTestDb(t.server)
    await db.run('update support_sessions set created_at = ? where id = ?', Date.now() - 31 * 60_000, asked.id)
    await db.close()
    await smtp.waitFor(m => m.to.includes('ada@acme.test') && /Still waiting/.test(subjectOf(m)))
    await smtp.waitFor(m => m.to.includes('ben@acme.test') && /Still waiting/.test(subjectOf(m)))
    await waitQuiet()
    expect(still()).toHaveLength(1)
    expect(mailsTo('ben@acme.test', /Still waiting/)).toHaveLength(1)
    await t.api.post(`/api/workspaces/acme/support-sessions/${asked.id}/revoke`, {}, t.as.ada)
  })
})
