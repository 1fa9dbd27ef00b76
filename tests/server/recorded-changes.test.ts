import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cosignNote, cosignerVkey } from '#shared/transparency'
import type { ApiResponse, Credentials } from './helpers/client'
import { openTestDb, type TestDb } from './helpers/db'
import { demoIds, inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { routeFiles } from './helpers/routes'
import { SoftAuthenticator } from './helpers/soft-authenticator'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'

/**
 * Accountable by construction (issue 19): every write route and every background job is run against a
 * database, and each row of a workspace's tables that changed must have an audit event recorded with it
 * that names it. The workspace tables are what a workspace reviews: its settings, people, invites, join
 * requests, projects and roles, support sessions and webhooks; content (models, versions, comments)
 * counts when written through a support session, as SPEC 3.5 asks. A user's own account (emails,
 * tokens, sign-ins, personal projects) is theirs, not a workspace's.
 */
const t = useTestServer({ env: { NUXT_UPKEEP_INTERVAL_MS: '200', NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' } })
let receiver: TestReceiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver.close())

type Row = Record<string, unknown>
interface Event { id: number, workspace_id: number | null, support_session_id: number | null, action: string, target_type: string | null, target_id: string | null, data: string }

/** How a row of each table is keyed, which workspace it belongs to, and which events name it. */
interface TableRule {
  key: (r: Row) => string
  workspaceOf: (r: Row, s: Snapshot) => number | null
  names?: (r: Row, e: Event) => boolean
  /** Content: needs an event only when written through a support session. */
  contentOnlyWhenLent?: true
}
type Snapshot = Map<string, Map<string, Row>>

const byId = (r: Row) => String(r.id)
const projectWorkspace = (projectId: unknown, s: Snapshot) => (s.get('projects')?.get(String(projectId))?.workspace_id as number | null) ?? null
const TABLES: Record<string, TableRule> = {
  workspaces: { key: byId, workspaceOf: r => r.id as number, names: (r, e) => e.target_type === 'workspace' && String(e.target_id) === String(r.id) },
  workspace_domains: { key: byId, workspaceOf: r => r.workspace_id as number, names: (_r, e) => e.target_type === 'domain' },
  workspace_members: { key: r => `${r.workspace_id}:${r.user_id}`, workspaceOf: r => r.workspace_id as number },
  workspace_invites: { key: byId, workspaceOf: r => r.workspace_id as number, names: (r, e) => e.target_type === 'invite'
    ? String(e.target_id) === String(r.id) || (JSON.parse(e.data).replaces ?? []).includes(r.id)
    // A deleted account's pending invites, sent by it or addressed to it, are revoked with it (SPEC 3.11).
    : e.action === 'user.deleted' && (JSON.parse(e.data).invites ?? []).some((i: { id: number }) => i.id === r.id) },
  workspace_join_requests: { key: byId, workspaceOf: r => r.workspace_id as number, names: (r, e) => e.target_type === 'join_request' ? String(e.target_id) === String(r.id) : e.action === 'user.deleted' },
  projects: { key: byId, workspaceOf: r => r.workspace_id as number | null, names: (r, e) => e.target_type === 'project' && String(e.target_id) === String(r.id) },
  project_roles: { key: r => `${r.project_id}:${r.user_id}`, workspaceOf: (r, s) => projectWorkspace(r.project_id, s) },
  models: { key: byId, workspaceOf: (r, s) => projectWorkspace(r.project_id, s), contentOnlyWhenLent: true, names: (r, e) => e.action === 'model.created' && JSON.parse(e.data).modelId === r.id },
  versions: { key: byId, workspaceOf: (r, s) => projectWorkspace(s.get('models')?.get(String(r.model_id))?.project_id, s), contentOnlyWhenLent: true, names: (r, e) => e.action === 'version.created' && JSON.parse(e.data).versionId === r.id },
  comments: { key: byId, workspaceOf: (r, s) => projectWorkspace(r.project_id, s), contentOnlyWhenLent: true, names: (r, e) => e.action === 'comment.created' && JSON.parse(e.data).commentId === r.id },
  support_sessions: { key: byId, workspaceOf: r => r.workspace_id as number, names: (r, e) => e.support_session_id === r.id && e.action.startsWith('support.') },
  support_approvals: { key: r => `${r.session_id}:${r.user_id}`, workspaceOf: (r, s) => s.get('support_sessions')?.get(String(r.session_id))?.workspace_id as number, names: (r, e) => e.action === 'support.approved' && e.support_session_id === r.session_id },
  support_extensions: { key: byId, workspaceOf: (r, s) => s.get('support_sessions')?.get(String(r.session_id))?.workspace_id as number, names: (r, e) => e.support_session_id === r.session_id && e.action.startsWith('support.extension_') },
  webhooks: { key: byId, workspaceOf: r => r.workspace_id as number | null, names: (r, e) => e.target_type === 'webhook' && String(e.target_id) === String(r.id) },
  // audit_checkpoints and audit_cosignatures are not here: they are the log's own metadata, not changes to
  // review in it. A witness's cosignature is itself a signed record anyone can verify (GET …/audit/checkpoint,
  // …/audit/witnesses); recording it as an event in the log it attests would make the log move under its
  // witness, each upload a new tree size (issue 33).
}

let db: TestDb
beforeAll(async () => {
  db = await openTestDb(t.server)
})
afterAll(() => db?.close())

async function snapshot(): Promise<Snapshot> {
  const s: Snapshot = new Map()
  for (const [table, rule] of Object.entries(TABLES)) s.set(table, new Map((await db.all<Row>(`select * from ${table}`)).map(r => [rule.key(r), r])))
  return s
}
const lastEventId = async () => (await db.get<{ id: number | null }>('select max(id) as id from audit_events'))?.id ?? 0

interface Changed { table: string, row: Row, kind: 'added' | 'changed' | 'removed' }
function diff(before: Snapshot, after: Snapshot): Changed[] {
  const changes: Changed[] = []
  for (const table of Object.keys(TABLES)) {
    const a = before.get(table)!
    const b = after.get(table)!
    for (const [key, row] of b) {
      const old = a.get(key)
      if (!old) changes.push({ table, row, kind: 'added' })
      else if (JSON.stringify(old) !== JSON.stringify(row)) changes.push({ table, row, kind: 'changed' })
    }
    for (const [key, row] of a) if (!b.has(key)) changes.push({ table, row, kind: 'removed' })
  }
  return changes
}

/** Each changed workspace row has an event of its workspace, recorded with it, that names it. */
async function expectRecorded(label: string, before: Snapshot, since: number) {
  const after = await snapshot()
  const events = await db.all<Event>('select id, workspace_id, support_session_id, action, target_type, target_id, data from audit_events where id > ? order by id', since)
  const unrecorded: string[] = []
  for (const change of diff(before, after)) {
    const rule = TABLES[change.table]!
    // Removed rows belong where they were; a removed project's rows are found in the snapshot before.
    const workspaceId = rule.workspaceOf(change.row, after) ?? rule.workspaceOf(change.row, before)
    if (workspaceId === null || workspaceId === undefined) continue
    const own = events.filter(e => e.workspace_id === workspaceId)
    if (rule.contentOnlyWhenLent && !own.some(e => e.support_session_id !== null)) continue
    if (!own.some(e => rule.names?.(change.row, e) ?? true)) unrecorded.push(`${change.kind} ${change.table} ${JSON.stringify(change.row)}`)
  }
  expect(unrecorded, `${label}: changed without an audit event naming it`).toEqual([])
  return events
}

const covered = new Set<string>()
/** One write through a route, checked: it succeeds and everything it changed in a workspace is recorded. */
async function write(route: string, path: string, as: Credentials, body?: unknown): Promise<ApiResponse> {
  const method = route.split(' ')[0]!
  // The newest event first, then the rows: a background job that commits in between is then either
  // already in the rows before (no change to name) or after `since` (its event is seen), never lost.
  const since = await lastEventId()
  const before = await snapshot()
  const res = await t.api.call(method, path, { as, body })
  expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
  await expectRecorded(route, before, since)
  covered.add(route)
  return res
}

/** A background job's work: the test makes its work due behind its back, then waits for it to be done. */
async function job(label: string, makeDue: () => Promise<unknown>, done: () => Promise<boolean>) {
  // Look before the work is due, so the job (every 200 ms) cannot run between the look and the event
  // count: the row made due is the row the job changes, and the job's event must name it either way.
  const since = await lastEventId()
  const before = await snapshot()
  await makeDue()
  const deadline = Date.now() + 15_000
  while (!await done()) {
    if (Date.now() > deadline) throw new Error(`${label}: the job did not run`)
    await new Promise(r => setTimeout(r, 50))
  }
  return expectRecorded(label, before, since)
}

async function verifiedEmail(as: { cookie: string }, email: string) {
  await write('POST /api/me/emails', '/api/me/emails', as, { email })
  const mail = await db.get<{ text: string }>('select text from email_outbox where "to" = ? order by id desc limit 1', email)
  const token = /verify-email\?token=([\w-]+)/.exec(mail!.text)![1]
  await write('POST /api/me/emails/verify', '/api/me/emails/verify', as, { token })
}

describe('every change is recorded with its audit event', () => {
  it('every write route', async () => {
    const login = (email: string) => t.api.login(email)
    const [ada, ben, cy, sam, olive] = [await login('ada@acme.test'), await login('ben@acme.test'), await login('cy@acme.test'), await login('admin@example.com'), await login('ops@example.com')]
    const { tower } = await demoIds(t.api, ada)
    const oliveId = (await t.api.get('/api/me', olive)).body.user.id as number

    // Sign-in and account: the user's own, exercised all the same.
    await write('POST /api/auth/login', '/api/auth/login', null, { email: 'gus@partner.test', password: DEMO_PASSWORD })
    await write('POST /api/auth/logout', '/api/auth/logout', await login('gus@partner.test'))
    const gus = await login('gus@partner.test')
    const token = (await write('POST /api/me/tokens', '/api/me/tokens', cy, { name: 'script' })).body
    await write('DELETE /api/me/tokens/:id', `/api/me/tokens/${token.id}`, cy)
    // Passkeys (SPEC 3.10), from a software authenticator: adding one, a step-up, a sign-in, removing it.
    const key = new SoftAuthenticator(t.server.url)
    const registering = (await write('POST /api/me/passkeys/options', '/api/me/passkeys/options', cy)).body
    const passkey = (await write('POST /api/me/passkeys', '/api/me/passkeys', cy, { attemptId: registering.attemptId, name: 'Key', response: key.register(registering.options) })).body
    const stepping = (await write('POST /api/auth/step-up/options', '/api/auth/step-up/options', cy)).body
    await write('POST /api/auth/step-up', '/api/auth/step-up', cy, { attemptId: stepping.attemptId, response: key.assert(stepping.options) })
    const signing = (await write('POST /api/auth/passkey/options', '/api/auth/passkey/options', null)).body
    await write('POST /api/auth/passkey', '/api/auth/passkey', null, { attemptId: signing.attemptId, response: key.assert(signing.options) })
    await write('DELETE /api/me/passkeys/:id', `/api/me/passkeys/${passkey.id}`, cy)
    await write('POST /api/me/password', '/api/me/password', gus, { currentPassword: DEMO_PASSWORD, newPassword: 'demo-password-2' })
    const spare = (await write('POST /api/me/emails', '/api/me/emails', cy, { email: 'cy.spare@example.test' })).body
    await write('DELETE /api/me/emails/:id', `/api/me/emails/${spare.id}`, cy)
    const personal = (await write('POST /api/projects', '/api/projects', cy, { name: 'Cy\'s sketches' })).body

    // Workspaces, domains and settings.
    await write('POST /api/workspaces', '/api/workspaces', cy, { name: 'Record Lab', slug: 'record-lab' })
    const domain = (await write('POST /api/workspaces/:slug/domains', '/api/workspaces/record-lab/domains', cy, { domain: 'acme.test' })).body
    await write('DELETE /api/workspaces/:slug/domains/:id', `/api/workspaces/record-lab/domains/${domain.id}`, cy)
    await write('PATCH /api/workspaces/:slug', '/api/workspaces/acme', ada, { description: 'Recorded', discoverable: true })
    await write('PATCH /api/workspaces/:slug/support-policy', '/api/workspaces/acme/support-policy', ada, { pendingTtlHours: 48 })

    // Invites (a second invite to the same address replaces the first), acceptance, members.
    const first = (await write('POST /api/workspaces/:slug/invites', '/api/workspaces/acme/invites', ada, { email: 'ops@example.com', role: 'member', seat: 'viewer' })).body
    const replacing = (await write('POST /api/workspaces/:slug/invites', '/api/workspaces/acme/invites', ada, { email: 'ops@example.com', role: 'guest', seat: 'viewer' })).body
    expect(replacing.id).not.toBe(first.id)
    await write('DELETE /api/workspaces/:slug/invites/:id', `/api/workspaces/acme/invites/${replacing.id}`, ada)
    const invite = (await write('POST /api/workspaces/:slug/invites', '/api/workspaces/acme/invites', ada, { email: 'ops@example.com', role: 'guest', seat: 'viewer' })).body
    await write('POST /api/invites/:id/accept', `/api/invites/${invite.id}/accept`, olive)
    await write('PATCH /api/workspaces/:slug/members/:userId', `/api/workspaces/acme/members/${oliveId}`, ada, { seat: 'editor' })
    await write('DELETE /api/workspaces/:slug/members/:userId', `/api/workspaces/acme/members/${oliveId}`, ada)
    // An invitee says no (issue 35).
    const unwanted = (await write('POST /api/workspaces/:slug/invites', '/api/workspaces/acme/invites', ada, { email: 'ops@example.com', role: 'guest', seat: 'viewer' })).body
    await write('POST /api/invites/:id/decline', `/api/invites/${unwanted.id}/decline`, olive)

    // Join requests: denied, approved, and auto-join.
    await verifiedEmail(olive, 'olive@acme.test')
    const asked = (await write('POST /api/workspaces/:slug/join-requests', '/api/workspaces/acme/join-requests', olive)).body
    await write('POST /api/workspaces/:slug/join-requests/:id/deny', `/api/workspaces/acme/join-requests/${asked.request.id}/deny`, ada)
    const again = (await write('POST /api/workspaces/:slug/join-requests', '/api/workspaces/acme/join-requests', olive)).body
    await write('POST /api/workspaces/:slug/join-requests/:id/approve', `/api/workspaces/acme/join-requests/${again.request.id}/approve`, ada)
    await write('DELETE /api/workspaces/:slug/members/:userId', `/api/workspaces/acme/members/${oliveId}`, ada)
    await write('PATCH /api/workspaces/:slug', '/api/workspaces/acme', ada, { autoJoin: true })
    // A server admin never joins by auto-join (SPEC 3.6): her request waits for an Admin. Anyone else joins at once.
    const waiting = (await write('POST /api/workspaces/:slug/join-requests', '/api/workspaces/acme/join-requests', olive)).body
    expect(waiting.joined).toBe(false)
    await write('POST /api/workspaces/:slug/join-requests/:id/approve', `/api/workspaces/acme/join-requests/${waiting.request.id}/approve`, ada)
    const gil = await login('gil@globex.test')
    await verifiedEmail(gil, 'gil@acme.test')
    expect((await write('POST /api/workspaces/:slug/join-requests', '/api/workspaces/acme/join-requests', gil)).body.joined).toBe(true)

    // Projects, their people and content, by their own people.
    const project = (await write('POST /api/workspaces/:slug/projects', '/api/workspaces/acme/projects', ben, { name: 'Recorded', visibility: 'workspace' })).body
    await write('PATCH /api/projects/:id', `/api/projects/${project.id}`, ben, { description: 'changed' })
    const cyId = (await t.api.get('/api/me', cy)).body.user.id as number
    await write('POST /api/projects/:id/collaborators', `/api/projects/${project.id}/collaborators`, ben, { email: 'cy@acme.test', role: 'editor' })
    await write('PATCH /api/projects/:id/collaborators/:userId', `/api/projects/${project.id}/collaborators/${cyId}`, ben, { role: 'viewer' })
    await write('DELETE /api/projects/:id/collaborators/:userId', `/api/projects/${project.id}/collaborators/${cyId}`, ben)
    const model = (await write('POST /api/projects/:id/models', `/api/projects/${project.id}/models`, ben, { name: 'Frame' })).body
    await write('POST /api/projects/:id/models/:modelId/versions', `/api/projects/${project.id}/models/${model.id}/versions`, ben, { message: 'v1' })
    await write('POST /api/projects/:id/comments', `/api/projects/${project.id}/comments`, ben, { text: 'mine' })
    await write('DELETE /api/projects/:id', `/api/projects/${project.id}`, ben)
    await write('DELETE /api/projects/:id', `/api/projects/${personal.id}`, cy)

    // A support session and the content it writes, which is recorded as the session's.
    const session = (await write('POST /api/admin/workspaces/:slug/support-sessions', '/api/admin/workspaces/acme/support-sessions', sam, { reason: 'records', expiresAt: inMinutes(60) })).body
    await write('POST /api/workspaces/:slug/support-sessions/:id/approve', `/api/workspaces/acme/support-sessions/${session.id}/approve`, ada)
    const lentModel = (await write('POST /api/projects/:id/models', `/api/projects/${tower}/models`, sam, { name: 'Lent' })).body
    await write('POST /api/projects/:id/models/:modelId/versions', `/api/projects/${tower}/models/${lentModel.id}/versions`, sam, { message: 'lent' })
    await write('POST /api/projects/:id/comments', `/api/projects/${tower}/comments`, sam, { text: 'lent' })
    // More time, approved once and declined once.
    const extensions = '/api/admin/workspaces/acme/support-sessions/:id/extensions'.replace(':id', String(session.id))
    const more = (await write('POST /api/admin/workspaces/:slug/support-sessions/:id/extensions', extensions, sam, { expiresAt: inMinutes(120) })).body
    await write('POST /api/workspaces/:slug/support-sessions/:id/extensions/:extensionId/approve', `/api/workspaces/acme/support-sessions/${session.id}/extensions/${more.extensions[0].id}/approve`, ada)
    const less = (await write('POST /api/admin/workspaces/:slug/support-sessions/:id/extensions', extensions, sam, { expiresAt: inMinutes(180) })).body
    await write('POST /api/workspaces/:slug/support-sessions/:id/extensions/:extensionId/decline', `/api/workspaces/acme/support-sessions/${session.id}/extensions/${less.extensions[1].id}/decline`, ada)
    await write('POST /api/workspaces/:slug/support-sessions/:id/revoke', `/api/workspaces/acme/support-sessions/${session.id}/revoke`, ada)
    // SPEC 3.13: emergency access, its review, and a read-only request the policy approves by itself.
    await write('PATCH /api/workspaces/:slug/support-policy', '/api/workspaces/acme/support-policy', ada, { emergencyAccess: true, autoApproveReadHours: 1 })
    const emergency = (await write('POST /api/admin/workspaces/:slug/support-sessions', '/api/admin/workspaces/acme/support-sessions', sam, { emergency: true, reason: 'The workspace is down for every member', durationMinutes: 30 })).body
    await write('POST /api/workspaces/:slug/support-sessions/:id/review', `/api/workspaces/acme/support-sessions/${emergency.id}/review`, ada, { verdict: 'flagged', comment: 'Not paged' })
    await write('POST /api/workspaces/:slug/support-sessions/:id/revoke', `/api/workspaces/acme/support-sessions/${emergency.id}/revoke`, ada)
    const auto = (await write('POST /api/admin/workspaces/:slug/support-sessions', '/api/admin/workspaces/acme/support-sessions', sam, { reason: 'look', durationMinutes: 30, scope: { access: 'read', projects: 'all' } })).body
    expect(auto.status).toBe('active')
    await write('POST /api/workspaces/:slug/support-sessions/:id/revoke', `/api/workspaces/acme/support-sessions/${auto.id}/revoke`, ada)

    // Webhooks, the workspace's and the server's.
    const hook = (await write('POST /api/workspaces/:slug/webhooks', '/api/workspaces/acme/webhooks', ada, { url: receiver.url, events: ['member.added'] })).body.webhook
    await write('POST /api/workspaces/:slug/webhooks/:id/test', `/api/workspaces/acme/webhooks/${hook.id}/test`, ada)
    const sent = (await t.api.get(`/api/workspaces/acme/webhooks/${hook.id}/deliveries`, ada)).body.items[0]
    await write('POST /api/workspaces/:slug/webhooks/:id/deliveries/:deliveryId/redeliver', `/api/workspaces/acme/webhooks/${hook.id}/deliveries/${sent.id}/redeliver`, ada)
    await write('PATCH /api/workspaces/:slug/webhooks/:id', `/api/workspaces/acme/webhooks/${hook.id}`, ada, { enabled: false })
    await write('POST /api/workspaces/:slug/webhooks/:id/rotate-secret', `/api/workspaces/acme/webhooks/${hook.id}/rotate-secret`, ada)
    await write('DELETE /api/workspaces/:slug/webhooks/:id', `/api/workspaces/acme/webhooks/${hook.id}`, ada)
    const serverHook = (await write('POST /api/admin/webhooks', '/api/admin/webhooks', sam, { url: receiver.url, events: ['member.added'] })).body.webhook
    await write('POST /api/admin/webhooks/:id/test', `/api/admin/webhooks/${serverHook.id}/test`, sam)
    const serverSent = (await t.api.get(`/api/admin/webhooks/${serverHook.id}/deliveries`, sam)).body.items[0]
    await write('POST /api/admin/webhooks/:id/deliveries/:deliveryId/redeliver', `/api/admin/webhooks/${serverHook.id}/deliveries/${serverSent.id}/redeliver`, sam)
    await write('PATCH /api/admin/webhooks/:id', `/api/admin/webhooks/${serverHook.id}`, sam, { enabled: false })
    await write('POST /api/admin/webhooks/:id/rotate-secret', `/api/admin/webhooks/${serverHook.id}/rotate-secret`, sam)
    await write('DELETE /api/admin/webhooks/:id', `/api/admin/webhooks/${serverHook.id}`, sam)

    // A witness's cosignature of Acme's audit log (SPEC 3.14).
    const witnessKey = generateKeyPairSync('ed25519').privateKey
    const note = (await t.api.get('/api/workspaces/acme/audit/checkpoint', ada)).body as string
    await write('POST /api/workspaces/:slug/audit/cosignatures', '/api/workspaces/acme/audit/cosignatures', ada, { vkey: cosignerVkey('recorded-witness', witnessKey), note: cosignNote(note, 'recorded-witness', witnessKey) })

    // Deleting a user who holds an open request and memberships.
    await write('POST /api/admin/workspaces/:slug/support-sessions', '/api/admin/workspaces/globex/support-sessions', olive, { reason: 'before leaving', expiresAt: inMinutes(60) })
    expect((await t.api.post('/api/auth/login', { email: 'ops@example.com', password: 'wrong-password' })).status).toBe(401)
    await write('POST /api/admin/users/:id/unlock', `/api/admin/users/${oliveId}/unlock`, sam)
    await write('DELETE /api/admin/users/:id', `/api/admin/users/${oliveId}`, sam)
    // Sudo mode and deleting one's own account (SPEC 3.11): Gus, an Acme Guest, leaves for good.
    const gusAgain = await t.api.login('gus@partner.test', 'demo-password-2')
    await write('POST /api/auth/reauthenticate', '/api/auth/reauthenticate', gusAgain, { password: 'demo-password-2' })
    await write('DELETE /api/me', '/api/me', gusAgain)

    const writeRoutes = routeFiles().filter(r => !r.startsWith('GET ') && !r.startsWith('ALL '))
    expect(writeRoutes.filter(r => !covered.has(r)), 'write routes this test does not run').toEqual([])
  }, 180_000) // every write route, each with two snapshots: 30 s alone here, far more on a loaded machine

  it('every background job that changes a workspace: reminders, expiry and the lapse of a pending request', async () => {
    const [ada, sam] = [await t.api.login('ada@acme.test'), await t.api.login('admin@example.com')]
    const open = async () => {
      const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'jobs', expiresAt: inMinutes(60) }, sam)).body
      expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
      return session.id as number
    }
    const status = async (id: number) => (await db.get<{ status: string, reminder_sent_at: number | null }>('select status, reminder_sent_at from support_sessions where id = ?', id))!

    const reminded = await open()
    const reminders = await job('reminder', () => db.run('update support_sessions set expires_at = ? where id = ?', Date.now() + 10 * 60_000, reminded), async () => (await status(reminded)).reminder_sent_at !== null)
    expect(reminders.map(e => e.action)).toContain('support.reminded')

    const expiring = await open()
    const expired = await job('expiry', () => db.run('update support_sessions set expires_at = ? where id = ?', Date.now() - 1000, expiring), async () => (await status(expiring)).status === 'expired')
    expect(expired.map(e => e.action)).toContain('support.expired')

    const pending = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'lapse', expiresAt: inMinutes(60) }, sam)).body.id as number
    const lapsed = await job('lapse', () => db.run('update support_sessions set lapses_at = ? where id = ?', Date.now() - 1000, pending), async () => (await status(pending)).status === 'expired')
    expect(lapsed.find(e => e.action === 'support.expired')?.data).toContain('lapsed')

    // SPEC 3.13: a request still waiting reminds its Admins once; an unreviewed emergency, daily.
    const waiting = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'waiting', expiresAt: inMinutes(120) }, sam)).body.id as number
    const reminderOf = async (id: number) => (await db.get<{ p: number | null, r: number | null }>('select pending_reminder_sent_at as p, review_reminded_at as r from support_sessions where id = ?', id))!
    const nudged = await job('pending reminder', () => db.run('update support_sessions set created_at = ? where id = ?', Date.now() - 31 * 60_000, waiting), async () => (await reminderOf(waiting)).p !== null)
    expect(nudged.map(e => e.action)).toContain('support.request_reminded')
    const emergency = (await db.get<{ id: number }>('select id from support_sessions where emergency = ? order by id desc limit 1', db.store === 'sqlite' ? 1 : true))!.id
    const unreviewed = await job('review reminder', () => db.run('update support_sessions set created_at = ?, review_verdict = null where id = ?', Date.now() - 25 * 3_600_000, emergency), async () => (await reminderOf(emergency)).r !== null)
    expect(unreviewed.map(e => e.action)).toContain('support.review_reminded')

    // A webhook set up under a session is switched off once the session ends (SPEC 3.6).
    const lending = await open()
    const hook = (await t.api.post('/api/workspaces/acme/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['member.changed'] }, sam)).body.webhook.id as number
    const enabled = async () => !!(await db.get<{ enabled: unknown }>('select enabled from webhooks where id = ?', hook))!.enabled
    // Every session Sam holds ends (the write was lent by whichever of them his standing found).
    const off = await job('webhook of an ended session', () => db.run('update support_sessions set expires_at = ? where status = ? and id <= ?', Date.now() - 1000, 'active', lending), async () => !await enabled())
    expect(off.map(e => e.action)).toContain('webhook.updated')
  })
})
