import { request as httpRequest } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Credentials } from './helpers/client'
import { openTestDb } from './helpers/db'
import { demoIds } from './helpers/fixtures'
import { TEST_STORE, useTestServer } from './helpers/server'

/**
 * SPEC 3.6, tried the way an outside review tried it: a support session lends write access and leaves
 * nothing behind, every write is decided in one step with its audit event, and no secret is on screen.
 */
const t = useTestServer()
let sam: { cookie: string }
let olive: { cookie: string }
let ada: { cookie: string }
let ids: { tower: number, secretLab: number }
let samId: number

beforeAll(async () => {
  sam = await t.api.login('admin@example.com')
  olive = await t.api.login('ops@example.com')
  ada = await t.api.login('ada@acme.test')
  ids = await demoIds(t.api, ada)
  samId = (await t.api.get('/api/me', sam)).body.user.id
})

async function openSession(as: Credentials) {
  const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'ticket' }, as)).body
  expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
  return session.id as number
}
const revoke = (id: number) => t.api.post(`/api/workspaces/acme/support-sessions/${id}/revoke`, {}, ada)

async function sql<T>(query: string, ...args: unknown[]): Promise<T[]> {
  const db = await openTestDb(t.server)
  try {
    return await db.all<T>(query, ...args)
  }
  finally {
    await db.close()
  }
}

describe('never for oneself', () => {
  it('refuses inviting any of the admin\'s own addresses, and nobody becomes Admin through a session', async () => {
    const session = await openSession(sam)
    const self = await t.api.post('/api/workspaces/acme/invites', { email: 'admin@example.com', role: 'admin', seat: 'editor' }, sam)
    expect(self.status).toBe(403)
    expect(self.body.data.code).toBe('SupportSelfGrant')
    // An unverified second address is still theirs.
    expect((await t.api.post('/api/me/emails', { email: 'sam.second@example.com' }, sam)).status).toBe(201)
    const second = await t.api.post('/api/workspaces/acme/invites', { email: 'sam.second@example.com', role: 'member', seat: 'editor' }, sam)
    expect(second.body.data.code).toBe('SupportSelfGrant')
    const members = (await t.api.get('/api/workspaces/acme/members', ada)).body as { user: { id: number } }[]
    expect(members.some(m => m.user.id === samId)).toBe(false)
    await revoke(session)
  })

  it('refuses adding themselves to a project, or changing or removing their own role', async () => {
    const session = await openSession(sam)
    const add = await t.api.post(`/api/projects/${ids.secretLab}/collaborators`, { email: 'admin@example.com', role: 'editor' }, sam)
    expect(add.status).toBe(403)
    expect(add.body.data.code).toBe('SupportSelfGrant')
    expect((await t.api.patch(`/api/projects/${ids.secretLab}/collaborators/${samId}`, { role: 'owner' }, sam)).body.data.code).toBe('SupportSelfGrant')
    expect((await t.api.patch(`/api/workspaces/acme/members/${samId}`, { role: 'admin' }, sam)).body.data.code).toBe('SupportSelfGrant')
    expect((await t.api.del(`/api/workspaces/acme/members/${samId}`, sam)).body.data.code).toBe('SupportSelfGrant')
    // Helping someone else is what the session is for.
    const gil = await t.api.post(`/api/projects/${ids.secretLab}/collaborators`, { email: 'gil@globex.test', role: 'viewer' }, sam)
    expect(gil.status).toBe(201)
    await revoke(session)
    // After revocation: no role on Secret Lab, nothing to publish with.
    expect(await sql('select * from project_roles where user_id = ?', samId)).toEqual([])
    const publish = await t.api.post(`/api/projects/${ids.secretLab}/models`, { name: 'after revoke' }, sam)
    expect(publish.status).toBe(403)
    expect(publish.body.data.code).toBe('SupportSessionRequired')
  })

  it('never lets its holder accept an invite made under the session, even for an address that becomes theirs later', async () => {
    const session = await openSession(sam)
    const invite = await t.api.post('/api/workspaces/acme/invites', { email: 'newhire@acme.test', role: 'admin', seat: 'editor' }, sam)
    expect(invite.status).toBe(201)
    await revoke(session)
    expect((await t.api.post('/api/me/emails', { email: 'newhire@acme.test' }, sam)).status).toBe(201)
    // Verified by whatever means: the invite still cannot make its creator an Admin.
    await sql(`update user_emails set verified_at = ? where email = 'newhire@acme.test'`, Date.now())
    const accept = await t.api.post(`/api/invites/${invite.body.id}/accept`, {}, sam)
    expect(accept.status).toBe(403)
    expect(accept.body.data.code).toBe('SupportSelfGrant')
    const patch = await t.api.patch('/api/workspaces/acme', { name: 'Sam was here' }, sam)
    expect(patch.body.data.code).toBe('SupportSessionRequired')
    const pending = (await t.api.post('/api/admin/workspaces/acme/support-sessions', {}, olive)).body
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${pending.id}/approve`, {}, sam)).body.data.code).toBe('WorkspaceAdminRequired')
  })

  it('leaves the holder\'s standing exactly as it was once the session ends', async () => {
    const before = await sql('select workspace_id, role, seat from workspace_members where user_id = ? order by workspace_id', samId)
    const session = await openSession(sam)
    const project = await t.api.post('/api/workspaces/acme/projects', { name: 'Made in support' }, sam)
    expect(project.status).toBe(201)
    await revoke(session)
    expect(await sql('select workspace_id, role, seat from workspace_members where user_id = ? order by workspace_id', samId)).toEqual(before)
    expect(await sql('select * from project_roles where user_id = ?', samId)).toEqual([])
  })
})

describe('no secrets on screen', () => {
  it('shows server admins every mail with its one-time tokens redacted, so another admin cannot verify an address', async () => {
    expect((await t.api.post('/api/workspaces/acme/invites', { email: 'hire2@acme.test', role: 'admin', seat: 'editor' }, ada)).status).toBe(201)
    expect((await t.api.post('/api/me/emails', { email: 'hire2@acme.test' }, olive)).status).toBe(201)
    const stored = await sql<{ text: string, html: string }>(`select text, html from email_outbox`)
    const tokens = stored.flatMap(m => [...`${m.text}${m.html}`.matchAll(/token=([\w-]+)/g)].map(match => match[1]!))
    expect(tokens.length).toBeGreaterThan(0)
    const outbox = await t.api.get('/api/admin/emails?pageSize=100', olive)
    expect(outbox.status).toBe(200)
    const shown = JSON.stringify(outbox.body)
    for (const token of tokens) expect(shown).not.toContain(token)
    const mail = outbox.body.items.find((m: { to: string, subject: string }) => m.to === 'hire2@acme.test' && /Verify/.test(m.subject))
    expect(mail.text).toContain('token=[redacted]')
    expect((await t.api.post('/api/me/emails/verify', { token: '[redacted]' }, olive)).status).toBe(404)
    expect(await sql(`select verified_at from user_emails where email = 'hire2@acme.test'`)).toEqual([{ verified_at: null }])
  })
})

/** Sends a PATCH whose body arrives only when `finish` is called: the write waits on the network. */
function slowPatch(path: string, cookie: string, body: string) {
  const url = new URL(path, t.server.url)
  let finish!: () => void
  const response = new Promise<{ status: number, body: any }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'PATCH', headers: { 'cookie': cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (chunk) => { text += chunk })
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.flushHeaders()
    req.write(body.slice(0, 5))
    finish = () => req.end(body.slice(5))
  })
  return { response, finish: () => finish() }
}

describe('one step: decide, change and audit in one transaction', () => {
  it('refuses a write whose body arrives after the revocation, and changes nothing', async () => {
    const session = await openSession(sam)
    const write = slowPatch('/api/workspaces/acme', sam.cookie, JSON.stringify({ name: 'Renamed by a revoked session' }))
    // A round trip on another connection lets the server take in the slow request's headers and reach its
    // body. Whichever check sees the revocation (the early one or the one inside the transaction), the
    // outcome must be the same refusal.
    expect((await fetch(`${t.server.url}/api/health`)).status).toBe(200)
    expect((await revoke(session)).status).toBe(200)
    write.finish()
    const res = await write.response
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('SupportSessionRequired')
    expect((await t.api.get('/api/workspaces/acme', ada)).body.workspace.name).toBe('Acme')
    expect(await sql(`select action from audit_events where support_session_id = ? order by id`, session)).toEqual([
      { action: 'support.requested' }, { action: 'support.approved' }, { action: 'support.revoked' },
    ])
  })

  it('commits a support write and its audit event together, or neither', async () => {
    const session = await openSession(olive)
    const comments = async () => (await sql<{ n: number }>('select count(*) as n from comments'))[0]!.n
    const before = await comments()
    // The audit log refuses this session's events for a moment: the comment must not land without one.
    if (TEST_STORE === 'postgres') {
      await sql(`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit unavailable'; end $$`)
      await sql(`create trigger refuse_audit before insert on audit_events for each row when (new.support_session_id = ${session}) execute function refuse_audit()`)
    }
    else {
      await sql(`create trigger refuse_audit before insert on audit_events when new.support_session_id = ${session} begin select raise(abort, 'audit unavailable'); end`)
    }
    const failed = await t.api.post(`/api/projects/${ids.tower}/comments`, { text: 'no audit, no comment' }, olive)
    expect(failed.status).toBeGreaterThanOrEqual(500)
    expect(await comments()).toBe(before)
    await sql(TEST_STORE === 'postgres' ? 'drop trigger refuse_audit on audit_events' : 'drop trigger refuse_audit')
    const ok = await t.api.post(`/api/projects/${ids.tower}/comments`, { text: 'audited' }, olive)
    expect(ok.status).toBe(201)
    expect(await comments()).toBe(before + 1)
    const events = await sql<{ action: string, data: string }>('select action, data from audit_events where support_session_id = ? and action = ?', session, 'comment.created')
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]!.data)).toMatchObject({ commentId: ok.body.id, project: 'Tower', text: 'audited' })
    await revoke(session)
  })
})

describe('reads stay open', () => {
  it('lets a server admin read invites and join requests with no session', async () => {
    for (const path of ['/api/workspaces/acme/invites', '/api/workspaces/acme/join-requests']) {
      const res = await t.api.get(path, sam)
      expect(res.status, path).toBe(200)
      expect(Array.isArray(res.body), path).toBe(true)
    }
    expect((await t.api.post('/api/workspaces/acme/invites', { email: 'x@acme.test', role: 'guest', seat: 'viewer' }, sam)).body.data.code).toBe('SupportSessionRequired')
  })
})

describe('edges', () => {
  it('refuses a body over 1 MiB with 413, announced or streamed', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) })
    const announced = await t.api.post(`/api/projects/${ids.tower}/comments`, JSON.parse(big), ada)
    expect(announced.status).toBe(413)
    expect(announced.body).toMatchObject({ statusCode: 413, data: { code: 'RequestTooLarge' } })
    const streamed = await fetch(`${t.server.url}/api/projects/${ids.tower}/comments`, {
      method: 'POST',
      headers: { 'cookie': ada.cookie, 'content-type': 'application/json' },
      body: new ReadableStream({ start(c) {
        c.enqueue(new TextEncoder().encode(big))
        c.close()
      } }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect((await streamed.json()).data.code).toBe('RequestTooLarge')
  })

  it('lets a client sending 8 MB read its 413, announced or streamed (issue 20)', async () => {
    const eight = 'x'.repeat(8 * 1024 * 1024)
    const announced = await fetch(`${t.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: eight })
    expect(announced.status).toBe(413)
    expect((await announced.json()).data.code).toBe('RequestTooLarge')
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    const streamed = await fetch(`${t.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({ start(c) {
        for (let i = 0; i < 128; i++) c.enqueue(chunk)
        c.close()
      } }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect((await streamed.json()).data.code).toBe('RequestTooLarge')
    expect((await t.api.get('/api/health')).status).toBe(200)
  })

  it('answers Expect: 100-continue with the 413 before the client sends a byte, and lets a fitting body through', async () => {
    const url = new URL('/api/auth/login', t.server.url)
    const ask = (length: number, body: string) => new Promise<{ continued: boolean, status: number, text: string }>((resolve, reject) => {
      let continued = false
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': length, 'expect': '100-continue' } })
      req.on('continue', () => {
        continued = true
        req.end(body)
      })
      req.on('response', (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => text += chunk)
        res.on('end', () => {
          if (!continued) req.destroy() // the refused body is never sent
          resolve({ continued, status: res.statusCode!, text })
        })
      })
      req.on('error', error => (continued ? reject(error) : undefined))
    })
    const refused = await ask(8 * 1024 * 1024, '')
    expect(refused).toMatchObject({ continued: false, status: 413 })
    expect(JSON.parse(refused.text)).toMatchObject({ statusCode: 413, message: 'The request body is larger than 1 MiB.', data: { code: 'RequestTooLarge' } })
    const body = JSON.stringify({ email: 'nobody-continue@example.com', password: 'not-the-password' })
    const fitting = await ask(Buffer.byteLength(body), body)
    expect(fitting).toMatchObject({ continued: true, status: 401 })
    expect(JSON.parse(fitting.text).data.code).toBe('InvalidCredentials')
  })

  it('judges at most 10 of 40 parallel wrong passwords', async () => {
    const attempts = await Promise.all(Array.from({ length: 40 }, () => fetch(`${t.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'guesser@example.com', password: 'wrong-password' }),
    })))
    const statuses = attempts.map(r => r.status)
    expect(statuses.filter(s => s === 401).length).toBeLessThanOrEqual(10)
    expect(statuses.filter(s => s === 429).length).toBeGreaterThanOrEqual(30)
    expect(statuses.every(s => s === 401 || s === 429)).toBe(true)
  })

  it('refuses times without a zone', async () => {
    const local = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19)
    const res = await t.api.post('/api/admin/workspaces/acme/support-sessions', { expiresAt: local }, sam)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('ValidationFailed')
    expect((await t.api.post('/api/admin/workspaces/acme/support-sessions', { expiresAt: `${local}+00:00` }, sam)).status).toBe(201)
  })

  it('keeps the audit events and support sessions of a deleted user, naming them Deleted user', async () => {
    const oliveId = (await t.api.get('/api/me', olive)).body.user.id
    const session = await openSession(olive)
    expect((await t.api.post(`/api/projects/${ids.tower}/comments`, { text: 'before deletion' }, olive)).status).toBe(201)
    const eventsBefore = await sql('select id, hash from audit_events where actor_id = ? order by id', oliveId)
    expect((await t.api.del(`/api/admin/users/${oliveId}`, sam)).status).toBe(204)
    expect(await sql('select id, hash from audit_events where actor_id = ? order by id', oliveId)).toEqual(eventsBefore)
    const sessions = (await t.api.get('/api/workspaces/acme/support-sessions', ada)).body
    const kept = [...sessions.pending, ...sessions.active, ...sessions.past].find((s: { id: number }) => s.id === session)
    expect(kept).toMatchObject({ status: 'revoked', requestedBy: { id: oliveId, name: 'Deleted user' } })
    expect((await t.api.get('/api/admin/audit/verify', sam)).body).toMatchObject({ ok: true })
  })
})

describe('also fixed', () => {
  it('refuses reserved workspace addresses, and steps around them when the address comes from the name', async () => {
    const ben = await t.api.login('ben@acme.test')
    for (const slug of ['discoverable', 'new', 'settings']) {
      const res = await t.api.post('/api/workspaces', { name: 'Reserved', slug }, ben)
      expect(res.status, slug).toBe(400)
      expect(res.body.data.code, slug).toBe('ValidationFailed')
    }
    const named = await t.api.post('/api/workspaces', { name: 'New' }, ben)
    expect(named.status).toBe(201)
    expect(named.body.slug).toBe('new-2')
  })

  it('counts for Members and Guests only the projects they can open', async () => {
    for (const email of ['cy@acme.test', 'gus@partner.test', 'ada@acme.test']) {
      const who = await t.api.login(email)
      const acme = (await t.api.get('/api/workspaces', who)).body.find((w: { slug: string }) => w.slug === 'acme')
      const visible = (await t.api.get('/api/workspaces/acme/projects', who)).body.length
      expect(acme.projectCount, email).toBe(visible)
    }
  })

  it('finds workspaces by any part of the name, whatever the case of non-ASCII letters', async () => {
    const ben = await t.api.login('ben@acme.test')
    expect((await t.api.post('/api/workspaces', { name: 'Ölwerk Brandenburg' }, ben)).status).toBe(201)
    for (const q of ['ölwerk', 'ÖLWERK', 'brandenb', 'werk', 'öl', 'ÖL', 'ol', 'g', 'BR']) {
      const res = await t.api.get(`/api/admin/workspaces?q=${encodeURIComponent(q)}`, sam)
      expect(res.body.items.map((w: { name: string }) => w.name), q).toContain('Ölwerk Brandenburg')
    }
    expect((await t.api.get('/api/admin/workspaces?q=zzzz', sam)).body.total).toBe(0)
  })

  it('refuses demoting an Admin when the plan has no room for another member', async () => {
    const gil = await t.api.login('gil@globex.test')
    const globex = (await sql<{ id: number }>(`select id from workspaces where slug = 'globex'`))[0]!.id
    const db = await openTestDb(t.server)
    const hash = (await db.get<{ h: string }>(`select password_hash as h from users limit 1`))!.h
    const add = async (name: string, role: string) => {
      const { id } = (await db.get<{ id: number }>(`insert into users (name, password_hash) values (?, ?) returning id`, name, hash))!
      await db.run(`insert into workspace_members (workspace_id, user_id, role, seat) values (?, ?, ?, 'editor')`, globex, id, role)
      return id
    }
    for (let i = 0; i < 5; i++) await add(`Filler ${i}`, 'member')
    const second = await add('Second Admin', 'admin')
    await db.close()
    const demote = await t.api.patch(`/api/workspaces/globex/members/${second}`, { role: 'member' }, gil)
    expect(demote.status).toBe(409)
    expect(demote.body.data.code).toBe('WorkspaceLimitsReached')
    expect(await sql('select role from workspace_members where user_id = ?', second)).toEqual([{ role: 'admin' }])
  })
})
