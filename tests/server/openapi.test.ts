import { generateKeyPairSync } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { z } from 'zod'
import { beforeAll, describe, expect, it } from 'vitest'
import * as answers from '#shared/schemas/answers'
import { cosignNote, cosignerVkey } from '#shared/transparency'
import { requestSupportSchema } from '#shared/support/schemas'
import { supportPolicyPatchSchema } from '#shared/support/policy'
import { createWebhookSchema } from '#shared/webhooks/schemas'
import { routeOf } from '../../server/openapi/route-scan'
import { useTestServer } from './helpers/server'

/** SPEC 3.9: `GET /api/openapi.json` describes every route, from the schemas the routes validate with. */
const t = useTestServer()
let doc: any

beforeAll(async () => {
  const res = await t.api.get('/api/openapi.json')
  expect(res.status).toBe(200)
  doc = res.body
})

function routeFiles(dir = 'server/api'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? routeFiles(full) : [relative('server/api', full)]
  })
}

const inputSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>
  return rest
}
const op = (method: string, path: string) => doc.paths[path]?.[method]
const codesOf = (operation: any) => Object.values(operation.responses).flatMap((r: any) => r['x-error-codes'] ?? [])

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0')
    const result = await new Validator().validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('lists every route file under server/api', () => {
    const missing = routeFiles().map(routeOf).filter(({ method, path }) => !op(method === 'all' ? 'get' : method, path))
    expect(missing).toEqual([])
    expect(Object.values(doc.paths).flatMap(methods => Object.keys(methods as object)).length).toBe(routeFiles().length)
  })

  it('carries the very zod schemas the routes validate with', () => {
    expect(op('post', '/api/admin/workspaces/{slug}/support-sessions').requestBody.content['application/json'].schema).toEqual(inputSchema(requestSupportSchema))
    expect(op('patch', '/api/workspaces/{slug}/support-policy').requestBody.content['application/json'].schema).toEqual(inputSchema(supportPolicyPatchSchema))
    expect(op('post', '/api/workspaces/{slug}/webhooks').requestBody.content['application/json'].schema).toEqual(inputSchema(createWebhookSchema))
    const members = op('get', '/api/workspaces/{slug}/members')
    expect(members.parameters.map((p: any) => `${p.in}:${p.name}`).sort()).toEqual(['path:slug', 'query:kind', 'query:page', 'query:pageSize', 'query:q'])
    expect(members.parameters.find((p: any) => p.name === 'pageSize').schema).toMatchObject({ maximum: 500 })
  })

  it('names each route\'s error codes, from its service and from the permission model', () => {
    const approve = codesOf(op('post', '/api/workspaces/{slug}/support-sessions/{id}/approve'))
    expect(approve).toEqual(expect.arrayContaining(['SupportSessionNotPending', 'SupportSessionAlreadyApproved', 'SupportSessionSelfApproval', 'Unauthenticated', 'WorkspaceNotFound', 'ValidationFailed']))
    const policy = codesOf(op('patch', '/api/workspaces/{slug}/support-policy'))
    expect(policy).toEqual(expect.arrayContaining(['SupportPolicyUnsatisfiable', 'WorkspaceAdminRequired', 'SupportModeDisabled', 'RequestTooLarge', 'CrossOriginRequest']))
    const publish = codesOf(op('post', '/api/projects/{id}/models'))
    expect(publish).toEqual(expect.arrayContaining(['ViewerSeatCapped', 'ProjectRoleInsufficient', 'SupportSessionRequired', 'ProjectNotFound']))
    expect(codesOf(op('post', '/api/workspaces/{slug}/webhooks'))).toContain('WebhookAddressNotAllowed')
    // SPEC 3.10: the step-up an approval may need, and the passkey ceremonies' refusals.
    expect(approve).toContain('StepUpRequired')
    expect(codesOf(op('post', '/api/workspaces/{slug}/support-sessions/{id}/revoke'))).toContain('StepUpRequired')
    // SPEC 3.11: while approvals need a passkey, so does the policy; a token cannot step up. SPEC 3.7: more time is capped.
    expect(policy).toEqual(expect.arrayContaining(['StepUpRequired', 'BrowserSignInRequired']))
    expect(codesOf(op('post', '/api/admin/workspaces/{slug}/support-sessions/{id}/extensions'))).toContain('SupportSessionTooLong')
    expect(codesOf(op('post', '/api/workspaces/{slug}/support-sessions/{id}/extensions/{extensionId}/approve'))).toContain('SupportSessionTooLong')
    expect(codesOf(op('post', '/api/auth/passkey'))).toEqual(expect.arrayContaining(['PasskeyNotVerified', 'ValidationFailed']))
    expect(codesOf(op('post', '/api/me/passkeys'))).toEqual(expect.arrayContaining(['PasskeyNotVerified', 'BrowserSignInRequired']))
    // SPEC 3.11 sudo mode: the routes that need a recent confirmation say so, and only they.
    for (const [method, path] of [['post', '/api/me/passkeys/options'], ['post', '/api/me/passkeys'], ['delete', '/api/me/passkeys/{id}'], ['post', '/api/me/tokens'], ['post', '/api/me/emails'], ['delete', '/api/me']] as const) {
      expect(codesOf(op(method, path)), `${method} ${path}`).toContain('ReauthenticationRequired')
    }
    expect(codesOf(op('delete', '/api/me/tokens/{id}'))).not.toContain('ReauthenticationRequired')
    expect(codesOf(op('post', '/api/auth/reauthenticate'))).toEqual(expect.arrayContaining(['InvalidCredentials', 'BrowserSignInRequired']))
    // Each code sits under its own HTTP status.
    expect(op('post', '/api/workspaces/{slug}/support-sessions/{id}/approve').responses['409']['x-error-codes']).toContain('SupportSessionAlreadyApproved')
  })

  it('describes the bearer-token scheme, and which routes need none', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toContainEqual({ bearerAuth: [] })
    expect(op('post', '/api/auth/login').security).toEqual([])
    expect(op('post', '/api/auth/passkey').security).toEqual([])
    expect(op('post', '/api/auth/step-up').security).toBeUndefined()
    expect(op('get', '/api/health').security).toEqual([])
    expect(op('get', '/api/workspaces/{slug}').security).toBeUndefined()
    expect(op('get', '/api/admin/webhooks')['x-server-admin-only']).toBe(true)
  })

  it('answers 201, 202 and 204 where the routes do', () => {
    expect(Object.keys(op('post', '/api/workspaces/{slug}/webhooks').responses)).toContain('201')
    expect(Object.keys(op('post', '/api/workspaces/{slug}/webhooks/{id}/test').responses)).toContain('202')
    expect(Object.keys(op('delete', '/api/workspaces/{slug}/webhooks/{id}').responses)).toContain('204')
  })

  it('describes the main answers, and each one is what the route really answers', async () => {
    const ada = await t.api.token(await t.api.login('ada@acme.test'))
    const sam = await t.api.token(await t.api.login('admin@example.com'))
    const hook = { url: 'https://93.184.215.14/hook', events: ['member.removed'] }
    const checked = new Map<string, unknown>()
    const check = async (method: string, path: string, concrete: string, as: { token: string } | null, body?: unknown) => {
      const res = await t.api.call(method.toUpperCase(), concrete, { as, body })
      expect(res.status, `${method} ${concrete}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
      checked.set(`${method} ${path}`, res.body)
      return res.body
    }
    await check('get', '/api/health', '/api/health', null)
    await check('get', '/api/audit/public-key', '/api/audit/public-key', null)
    await check('get', '/api/audit/keys', '/api/audit/keys', null)
    await check('get', '/api/admin/workspaces', '/api/admin/workspaces?q=ac', sam)
    const session = await check('post', '/api/admin/workspaces/{slug}/support-sessions', '/api/admin/workspaces/acme/support-sessions', sam, { reason: 'openapi', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
    await check('post', '/api/workspaces/{slug}/support-sessions/{id}/approve', `/api/workspaces/acme/support-sessions/${session.id}/approve`, ada, { comment: 'Go ahead.' })
    // More time, approved once and declined once.
    const extensions = `/api/admin/workspaces/acme/support-sessions/${session.id}/extensions`
    const more = await check('post', '/api/admin/workspaces/{slug}/support-sessions/{id}/extensions', extensions, sam, { expiresAt: new Date(Date.now() + 7_200_000).toISOString() })
    await check('post', '/api/workspaces/{slug}/support-sessions/{id}/extensions/{extensionId}/approve', `/api/workspaces/acme/support-sessions/${session.id}/extensions/${more.extensions[0].id}/approve`, ada)
    const less = (await t.api.post(extensions, { expiresAt: new Date(Date.now() + 10_800_000).toISOString() }, sam)).body
    await check('post', '/api/workspaces/{slug}/support-sessions/{id}/extensions/{extensionId}/decline', `/api/workspaces/acme/support-sessions/${session.id}/extensions/${less.extensions[1].id}/decline`, ada)
    // Server Settings → Users.
    const users = await check('get', '/api/admin/users', '/api/admin/users?q=gus', sam)
    await check('post', '/api/admin/users/{id}/unlock', `/api/admin/users/${users.items[0].id}/unlock`, sam)
    await check('get', '/api/workspaces/{slug}/support-sessions', '/api/workspaces/acme/support-sessions', ada)
    // Sam read Acme's members under his session: the access log shows it.
    expect((await t.api.get('/api/workspaces/acme/members', sam)).status).toBe(200)
    expect((await check('get', '/api/workspaces/{slug}/access-log', '/api/workspaces/acme/access-log', ada)).total).toBeGreaterThan(0)
    // While the session is active: Sam's own sessions, and the banner's list every member reads.
    expect((await check('get', '/api/me', '/api/me', sam)).supportSessions).toHaveLength(1)
    expect((await check('get', '/api/workspaces/{slug}', '/api/workspaces/acme', ada)).activeSupport).toHaveLength(1)
    await check('get', '/api/workspaces', '/api/workspaces', ada)
    await check('post', '/api/workspaces/{slug}/support-sessions/{id}/revoke', `/api/workspaces/acme/support-sessions/${session.id}/revoke`, ada)
    await check('get', '/api/workspaces/{slug}/support-policy', '/api/workspaces/acme/support-policy', ada)
    await check('patch', '/api/workspaces/{slug}/support-policy', '/api/workspaces/acme/support-policy', ada, { pendingTtlHours: 72 })
    // SPEC 3.13: emergency access, and an Admin's review of it.
    await t.api.patch('/api/workspaces/acme/support-policy', { emergencyAccess: true }, ada)
    const emergency = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { emergency: true, reason: 'The workspace is down for every member', durationMinutes: 30 }, sam)).body
    await check('post', '/api/workspaces/{slug}/support-sessions/{id}/review', `/api/workspaces/acme/support-sessions/${emergency.id}/review`, ada, { verdict: 'acknowledged', comment: 'Thanks' })
    await t.api.post(`/api/workspaces/acme/support-sessions/${emergency.id}/revoke`, {}, ada)
    // The audit tree's proofs (SPEC 3.14).
    await check('get', '/api/workspaces/{slug}/audit/proof/inclusion', '/api/workspaces/acme/audit/proof/inclusion?index=0&size=2', ada)
    await check('get', '/api/workspaces/{slug}/audit/proof/consistency', '/api/workspaces/acme/audit/proof/consistency?from=1&to=2', ada)
    const witnessKey = generateKeyPairSync('ed25519').privateKey
    const note = (await t.api.get('/api/workspaces/acme/audit/checkpoint', ada)).body as string
    await check('post', '/api/workspaces/{slug}/audit/cosignatures', '/api/workspaces/acme/audit/cosignatures', ada, { vkey: cosignerVkey('openapi-witness', witnessKey), note: cosignNote(note, 'openapi-witness', witnessKey) })
    await check('get', '/api/workspaces/{slug}/audit/witnesses', '/api/workspaces/acme/audit/witnesses', ada)
    for (const [base, concrete, as] of [['/api/workspaces/{slug}/webhooks', '/api/workspaces/acme/webhooks', ada], ['/api/admin/webhooks', '/api/admin/webhooks', sam]] as const) {
      const { webhook } = await check('post', base, concrete, as, hook)
      await check('get', base, concrete, as)
      await check('patch', `${base}/{id}`, `${concrete}/${webhook.id}`, as, { enabled: false })
      await check('post', `${base}/{id}/rotate-secret`, `${concrete}/${webhook.id}/rotate-secret`, as)
      await check('post', `${base}/{id}/test`, `${concrete}/${webhook.id}/test`, as)
      const log = await check('get', `${base}/{id}/deliveries`, `${concrete}/${webhook.id}/deliveries`, as)
      await check('post', `${base}/{id}/deliveries/{deliveryId}/redeliver`, `${concrete}/${webhook.id}/deliveries/${log.items[0].id}/redeliver`, as)
    }
    // Every route that documents an answer is checked here, and its real answer parses with that schema.
    const successOf = (operation: any) => Object.entries(operation.responses).find(([code]) => Number(code) < 300)?.[1] as any
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods as Record<string, any>)
      .filter(([, operation]) => successOf(operation)?.['x-answer'])
      .map(([method]) => `${method} ${path}`))
    expect([...checked.keys()].sort()).toEqual(documented.sort())
    for (const [route, body] of checked) {
      const success = successOf(op(...(route.split(' ') as [string, string])))
      const schema = (answers as Record<string, z.ZodType>)[success['x-answer']]!
      const { $schema: _, ...expected } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>
      expect(success.content['application/json'].schema).toEqual(expected)
      const parsed = schema.safeParse(body)
      expect(parsed.success, `${route}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
    }
  })
})
