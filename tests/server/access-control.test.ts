import { beforeAll, describe, expect, it } from 'vitest'
import { authorize, type Action, type ActorFacts, type ResourceFacts } from '#shared/permissions'
import type { ProjectRole, Seat, WorkspaceRole } from '#shared/roles'
import type { ApiClient, Credentials } from './helpers/client'
import { openTestDb } from './helpers/db'
import { routeFiles } from './helpers/routes'
import { useTestServer, type TestServer } from './helpers/server'

type On = 'acme' | 'tower' | 'secret'
type Rule = 'public' | 'self' | 'serverAdmin' | 'disabled' | { action: Action, on: On }
interface Spec { rule: Rule, invalidBody?: object, gateOnly?: boolean, stream?: boolean, /** A valid query a GET needs. */ query?: string }

const ws = (action: Action): Rule => ({ action, on: 'acme' })
const tower = (action: Action): Rule => ({ action, on: 'tower' })

/** How every route is guarded. A route file missing here fails the test. */
const ROUTES: Record<string, Spec> = {
  'ALL /api': { rule: 'disabled' },
  'ALL /api/**': { rule: 'disabled' },
  'GET /api/_bench/projects/:id': { rule: 'disabled' },
  'GET /api/admin/audit/verify': { rule: 'serverAdmin' },
  'GET /api/admin/emails': { rule: 'serverAdmin' },
  'GET /api/admin/workspaces': { rule: 'serverAdmin' },
  'GET /api/admin/workspaces/:slug': { rule: 'serverAdmin' },
  'DELETE /api/admin/users/:id': { rule: 'serverAdmin', gateOnly: true },
  'GET /api/admin/users': { rule: 'serverAdmin' },
  'POST /api/admin/users/:id/unlock': { rule: 'serverAdmin', gateOnly: true },
  'POST /api/admin/workspaces/:slug/support-sessions/:id/extensions': { rule: ws('workspace.support.request'), gateOnly: true },
  'POST /api/workspaces/:slug/support-sessions/:id/extensions/:extensionId/approve': { rule: ws('workspace.support.read'), gateOnly: true },
  'POST /api/workspaces/:slug/support-sessions/:id/extensions/:extensionId/decline': { rule: ws('workspace.support.read'), gateOnly: true },
  'POST /api/admin/workspaces/:slug/support-sessions': { rule: ws('workspace.support.request'), invalidBody: { reason: 42 } },
  'POST /api/auth/login': { rule: 'public' },
  'POST /api/auth/logout': { rule: 'public' },
  'GET /api/health': { rule: 'public' },
  'GET /api/audit/public-key': { rule: 'public' },
  'GET /api/audit/keys': { rule: 'public' },
  'GET /api/openapi.json': { rule: 'public' },
  'GET /api/events': { rule: 'self', stream: true },
  'POST /api/invites/:id/accept': { rule: 'self', gateOnly: true },
  'POST /api/invites/:id/decline': { rule: 'self', gateOnly: true },
  'GET /api/invites': { rule: 'self' },
  'GET /api/me': { rule: 'self' },
  'DELETE /api/me/emails/:id': { rule: 'self', gateOnly: true },
  'GET /api/me/emails': { rule: 'self' },
  'POST /api/me/password': { rule: 'self', invalidBody: { newPassword: 42 } },
  // Sudo mode (SPEC 3.11): with the suite's tokens the allowed calls answer 403 ReauthenticationRequired.
  'POST /api/me/emails': { rule: 'self', gateOnly: true },
  'DELETE /api/me': { rule: 'self', gateOnly: true },
  'POST /api/auth/reauthenticate': { rule: 'self', gateOnly: true },
  'POST /api/me/emails/verify': { rule: 'self', invalidBody: { token: 42 } },
  'DELETE /api/me/tokens/:id': { rule: 'self', gateOnly: true },
  'GET /api/me/tokens': { rule: 'self' },
  // Passkeys are added and used from a browser sign-in: with the suite's tokens the allowed calls answer 403 BrowserSignInRequired.
  'GET /api/me/passkeys': { rule: 'self' },
  'POST /api/me/passkeys/options': { rule: 'self', gateOnly: true },
  'POST /api/me/passkeys': { rule: 'self', gateOnly: true },
  'DELETE /api/me/passkeys/:id': { rule: 'self', gateOnly: true },
  'POST /api/auth/step-up/options': { rule: 'self', gateOnly: true },
  'POST /api/auth/step-up': { rule: 'self', gateOnly: true },
  'POST /api/auth/passkey/options': { rule: 'public' },
  'POST /api/auth/passkey': { rule: 'public' },
  'POST /api/me/tokens': { rule: 'self', gateOnly: true },
  'DELETE /api/projects/:id/collaborators/:userId': { rule: tower('project.collaborators.manage'), gateOnly: true },
  'PATCH /api/projects/:id/collaborators/:userId': { rule: tower('project.collaborators.manage'), invalidBody: { role: 'boss' } },
  'GET /api/projects/:id/collaborators': { rule: tower('project.read') },
  'POST /api/projects/:id/collaborators': { rule: tower('project.collaborators.manage'), invalidBody: { email: 42 } },
  'GET /api/projects/:id/comments': { rule: tower('project.read') },
  'POST /api/projects/:id/comments': { rule: tower('project.comment'), invalidBody: { text: 42 } },
  'DELETE /api/projects/:id': { rule: tower('project.delete'), gateOnly: true },
  'GET /api/projects/:id': { rule: tower('project.read') },
  'PATCH /api/projects/:id': { rule: tower('project.update'), invalidBody: { name: 42 } },
  'GET /api/projects/:id/models/:modelId/versions/:versionId/download': { rule: tower('project.load') },
  'GET /api/projects/:id/models/:modelId/versions': { rule: tower('project.read') },
  'POST /api/projects/:id/models/:modelId/versions': { rule: tower('project.publish'), invalidBody: { message: 42 } },
  'GET /api/projects/:id/models': { rule: tower('project.read') },
  'POST /api/projects/:id/models': { rule: tower('project.publish'), invalidBody: { name: 42 } },
  'GET /api/projects': { rule: 'self' },
  'POST /api/projects': { rule: 'self', invalidBody: { name: 42 } },
  'GET /api/workspaces/:slug/audit/export': { rule: ws('workspace.audit.read') },
  'GET /api/workspaces/:slug/audit/checkpoint': { rule: ws('workspace.audit.read') },
  'GET /api/workspaces/:slug/audit/proof/inclusion': { rule: ws('workspace.audit.read'), query: '?index=0&size=1' },
  'GET /api/workspaces/:slug/audit/proof/consistency': { rule: ws('workspace.audit.read'), query: '?from=1&to=1' },
  'GET /api/workspaces/:slug/audit': { rule: ws('workspace.audit.read') },
  // SPEC 3.14: a witness's cosignature, the workspace's own check on the server: no support session lends it.
  'POST /api/workspaces/:slug/audit/cosignatures': { rule: ws('workspace.audit.cosign'), invalidBody: { vkey: 42 } },
  'GET /api/workspaces/:slug/audit/witnesses': { rule: ws('workspace.integrations.read') },
  'DELETE /api/workspaces/:slug/domains/:id': { rule: ws('workspace.members.manage'), gateOnly: true },
  'GET /api/workspaces/:slug/domains': { rule: ws('workspace.members.read') },
  'POST /api/workspaces/:slug/domains': { rule: ws('workspace.members.manage'), invalidBody: { domain: 42 } },
  'GET /api/workspaces/:slug': { rule: ws('workspace.read') },
  'PATCH /api/workspaces/:slug': { rule: ws('workspace.update'), invalidBody: { name: 42 } },
  'DELETE /api/workspaces/:slug/invites/:id': { rule: ws('workspace.members.manage'), gateOnly: true },
  'GET /api/workspaces/:slug/invites': { rule: ws('workspace.invites.read') },
  'POST /api/workspaces/:slug/invites': { rule: ws('workspace.members.manage'), invalidBody: { email: 42 } },
  'POST /api/workspaces/:slug/join-requests/:id/approve': { rule: ws('workspace.members.manage'), gateOnly: true },
  'POST /api/workspaces/:slug/join-requests/:id/deny': { rule: ws('workspace.members.manage'), gateOnly: true },
  'GET /api/workspaces/:slug/join-requests': { rule: ws('workspace.invites.read') },
  'POST /api/workspaces/:slug/join-requests': { rule: 'self', gateOnly: true },
  'DELETE /api/workspaces/:slug/members/:userId': { rule: ws('workspace.members.manage'), gateOnly: true },
  'PATCH /api/workspaces/:slug/members/:userId': { rule: ws('workspace.members.manage'), invalidBody: { role: 'boss' } },
  'GET /api/workspaces/:slug/members': { rule: ws('workspace.members.read') },
  'GET /api/workspaces/:slug/projects': { rule: ws('workspace.read') },
  'POST /api/workspaces/:slug/projects': { rule: ws('workspace.projects.create'), invalidBody: { name: 42 } },
  'POST /api/workspaces/:slug/support-sessions/:id/approve': { rule: ws('workspace.support.read'), gateOnly: true },
  'POST /api/workspaces/:slug/support-sessions/:id/revoke': { rule: ws('workspace.support.read'), gateOnly: true },
  // SPEC 3.13: workspace Admins review emergency access; the service refuses every server admin besides.
  'POST /api/workspaces/:slug/support-sessions/:id/review': { rule: ws('workspace.support.manage'), gateOnly: true },
  'GET /api/workspaces/:slug/support-sessions': { rule: ws('workspace.support.read') },
  'GET /api/workspaces/:slug/webhooks': { rule: ws('workspace.integrations.read') },
  'POST /api/workspaces/:slug/webhooks': { rule: ws('workspace.update'), invalidBody: { url: 42 } },
  'PATCH /api/workspaces/:slug/webhooks/:id': { rule: ws('workspace.update'), invalidBody: { enabled: 'yes' } },
  'DELETE /api/workspaces/:slug/webhooks/:id': { rule: ws('workspace.update'), gateOnly: true },
  'POST /api/workspaces/:slug/webhooks/:id/test': { rule: ws('workspace.update'), gateOnly: true },
  'POST /api/workspaces/:slug/webhooks/:id/rotate-secret': { rule: ws('workspace.update'), gateOnly: true },
  'GET /api/workspaces/:slug/webhooks/:id/deliveries': { rule: ws('workspace.integrations.read') },
  'GET /api/admin/webhooks': { rule: 'serverAdmin' },
  'POST /api/admin/webhooks': { rule: 'serverAdmin', invalidBody: { url: 42 } },
  'PATCH /api/admin/webhooks/:id': { rule: 'serverAdmin', invalidBody: { enabled: 'yes' } },
  'DELETE /api/admin/webhooks/:id': { rule: 'serverAdmin', gateOnly: true },
  'POST /api/admin/webhooks/:id/test': { rule: 'serverAdmin', gateOnly: true },
  'POST /api/admin/webhooks/:id/rotate-secret': { rule: 'serverAdmin', gateOnly: true },
  'GET /api/admin/webhooks/:id/deliveries': { rule: 'serverAdmin' },
  'POST /api/admin/webhooks/:id/deliveries/:deliveryId/redeliver': { rule: 'serverAdmin', gateOnly: true },
  'POST /api/workspaces/:slug/webhooks/:id/deliveries/:deliveryId/redeliver': { rule: ws('workspace.update'), gateOnly: true },
  'GET /api/workspaces/:slug/support-policy': { rule: ws('workspace.support.read') },
  'GET /api/workspaces/:slug/access-log': { rule: ws('workspace.support.read') },
  'PATCH /api/workspaces/:slug/support-policy': { rule: ws('workspace.support.manage'), invalidBody: { approvalsRequired: 3 } },
  'GET /api/workspaces/discoverable': { rule: 'self' },
  'GET /api/workspaces': { rule: 'self' },
  'POST /api/workspaces': { rule: 'self', invalidBody: { name: 42 } },
}

interface Persona { email?: string, serverRole: 'admin' | 'user', acme: [WorkspaceRole, Seat] | null, tower: ProjectRole | null, secret: ProjectRole | null, session: boolean, revokedToken?: boolean }
const PERSONAS: Record<string, Persona | null> = {
  signedOut: null,
  ada: { email: 'ada@acme.test', serverRole: 'user', acme: ['admin', 'editor'], tower: null, secret: 'owner', session: false },
  ben: { email: 'ben@acme.test', serverRole: 'user', acme: ['member', 'editor'], tower: 'owner', secret: null, session: false },
  cy: { email: 'cy@acme.test', serverRole: 'user', acme: ['member', 'viewer'], tower: null, secret: null, session: false },
  gia: { email: 'gia@partner.test', serverRole: 'user', acme: ['guest', 'editor'], tower: 'editor', secret: null, session: false },
  gus: { email: 'gus@partner.test', serverRole: 'user', acme: ['guest', 'viewer'], tower: 'viewer', secret: null, session: false },
  outsider: { email: 'gil@globex.test', serverRole: 'user', acme: null, tower: null, secret: null, session: false },
  adminExpiredSession: { email: 'admin@example.com', serverRole: 'admin', acme: null, tower: null, secret: null, session: false },
  adminWithSession: { email: 'ops@example.com', serverRole: 'admin', acme: null, tower: null, secret: null, session: true },
  revokedToken: { email: 'ben@acme.test', serverRole: 'user', acme: ['member', 'editor'], tower: 'owner', secret: null, session: false, revokedToken: true },
}
const SETTINGS = { enterpriseLicense: true, supportMode: true }

function facts(p: Persona, on: On): ActorFacts {
  const projectRole = on === 'tower' ? p.tower : on === 'secret' ? p.secret : null
  return { serverRole: p.serverRole, workspaceRole: p.acme?.[0] ?? null, seat: p.acme?.[1] ?? null, projectRole, activeSupportSession: p.session }
}
const RESOURCES: Record<On, ResourceFacts> = {
  acme: { type: 'workspace' },
  tower: { type: 'project', inWorkspace: true, visibility: 'workspace' },
  secret: { type: 'project', inWorkspace: true, visibility: 'private' },
}

function allowed(rule: Rule, p: Persona | null): boolean {
  if (rule === 'public') return true
  if (rule === 'disabled' || !p || p.revokedToken) return false
  if (rule === 'self') return true
  if (rule === 'serverAdmin') return p.serverRole === 'admin'
  return authorize(rule.action, facts(p, rule.on), RESOURCES[rule.on], SETTINGS).authorized
}

const t = useTestServer({ env: { NUXT_SEED_DEMO: 'true' } })
let server: TestServer
let api: ApiClient
const creds: Record<string, Credentials> = {}
let params: Record<string, string | number>

beforeAll(async () => {
  ({ server, api } = t)
  for (const [name, p] of Object.entries(PERSONAS)) {
    if (!p) {
      creds[name] = null
      continue
    }
    const token = await api.token(await api.login(p.email!), name)
    if (p.revokedToken) await api.del(`/api/me/tokens/${(await api.get('/api/me/tokens', token)).body[0].id}`, token)
    creds[name] = token
  }
  const ada = creds.ada
  const projects = (await api.get('/api/workspaces/acme/projects', ada)).body as { id: number, name: string }[]
  const towerId = projects.find(p => p.name === 'Tower')!.id
  const model = (await api.get(`/api/projects/${towerId}/models`, ada)).body[0]
  const version = (await api.get(`/api/projects/${towerId}/models/${model.id}/versions`, ada)).body[0]
  const gus = (await api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { name: string } }) => m.user.name === 'Gus').user.id
  const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'access-control' }, creds.adminWithSession)).body
  await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)
  const expired = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'expired', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, creds.adminExpiredSession)).body
  await api.post(`/api/workspaces/acme/support-sessions/${expired.id}/approve`, {}, ada)
  const db = await openTestDb(server)
  await db.run('update support_sessions set expires_at = ? where id = ?', Date.now() - 1000, expired.id)
  await db.close()
  const pending = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'pending' }, creds.adminExpiredSession)).body
  const invite = (await api.post('/api/workspaces/acme/invites', { email: 'someone@acme.test', role: 'member', seat: 'viewer' }, ada)).body
  const domain = (await api.get('/api/workspaces/acme/domains', ada)).body[0]
  // Webhooks to a public address that is never called (disabled), one the workspace's and one the server's.
  const hook = { url: 'https://93.184.215.14/hook', events: ['member.removed'] }
  const webhook = (await api.post('/api/workspaces/acme/webhooks', hook, ada)).body.webhook
  await api.patch(`/api/workspaces/acme/webhooks/${webhook.id}`, { enabled: false }, ada)
  const serverWebhook = (await api.post('/api/admin/webhooks', hook, creds.adminWithSession)).body.webhook
  await api.patch(`/api/admin/webhooks/${serverWebhook.id}`, { enabled: false }, creds.adminWithSession)
  params = { extensionId: 1, deliveryId: 1, slug: 'acme', id: towerId, modelId: model.id, versionId: version.id, userId: gus, path: 'nothing/here', sessionId: pending.id, inviteId: invite.id, domainId: domain.id, webhookId: webhook.id, serverWebhookId: serverWebhook.id }
})

function concrete(route: string): { method: string, path: string } {
  const [method, pattern] = route.split(' ') as [string, string]
  const idFor = (segmentBefore: string) => ({ 'support-sessions': params.sessionId, 'invites': pattern.startsWith('/api/invites') ? params.inviteId : params.inviteId, 'domains': params.domainId, 'join-requests': 1, 'tokens': 999999, 'emails': 999999, 'webhooks': pattern.startsWith('/api/admin') ? params.serverWebhookId : params.webhookId } as Record<string, unknown>)[segmentBefore] ?? params.id
  const segments = pattern.split('/')
  const path = segments.map((s, i) => (s === '**' ? String(params.path) : s === ':id' ? String(idFor(segments[i - 1]!)) : s.startsWith(':') ? String(params[s.slice(1)]) : s)).join('/')
  return { method: method === 'ALL' ? 'GET' : method, path }
}

/** An event stream never ends: check that it opens as one, then hang up. */
async function expectStreamOpens(path: string, as: Credentials & object) {
  const headers: Record<string, string> = 'cookie' in as ? { cookie: as.cookie } : { authorization: `Bearer ${as.token}` }
  const abort = new AbortController()
  const res = await fetch(server.url + path, { headers, signal: abort.signal })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  abort.abort()
}

describe('access control over every route × persona', () => {
  it('covers every route file, and nothing else', () => {
    expect(routeFiles().sort()).toEqual(Object.keys(ROUTES).sort())
  })

  const cases = Object.entries(ROUTES).flatMap(([route, spec]) => Object.keys(PERSONAS).map(persona => ({ route, spec, persona })))

  it.each(cases)('$route as $persona', async ({ route, spec, persona }) => {
    const { method, path } = concrete(route)
    const p = PERSONAS[persona]!
    const ok = allowed(spec.rule, p)
    if (ok && spec.gateOnly) return // allowed calls would change shared state; the refusals are what this suite proves
    if (ok && spec.rule === 'public') return
    const body = method === 'GET' || method === 'DELETE' ? undefined : (spec.invalidBody ?? {})
    if (ok && spec.stream) return expectStreamOpens(path, creds[persona]!)
    const res = await api.call(method, path + (spec.query ?? ''), { as: creds[persona], body })
    if (ok) {
      expect([401, 403, 404], `${route} should let ${persona} through`).not.toContain(res.status)
      if (method === 'GET') expect(res.status).toBe(200)
      else expect(res.status).toBe(400)
    }
    else {
      expect(res.status >= 400 && res.status < 500, `${route} answered ${res.status} to ${persona}`).toBe(true)
      expect([401, 403, 404]).toContain(res.status)
      if (!p || p.revokedToken) expect(res.status === 401 || spec.rule === 'disabled').toBe(true)
      expect(res.body).toMatchObject({ statusCode: res.status, data: { code: expect.any(String) } })
    }
    const canSeeSecret = p && !p.revokedToken && authorize('project.read', facts(p, 'secret'), RESOURCES.secret, SETTINGS).authorized
    if (!canSeeSecret) expect(JSON.stringify(res.body)).not.toContain('Secret Lab')
  })
})
