import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { z } from 'zod'
import { beforeAll, describe, expect, it } from 'vitest'
import { requestSupportSchema } from '../../shared/schemas/support'
import { supportPolicyPatchSchema } from '../../shared/support-policy'
import { createWebhookSchema } from '../../shared/webhooks'
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
    // Each code sits under its own HTTP status.
    expect(op('post', '/api/workspaces/{slug}/support-sessions/{id}/approve').responses['409']['x-error-codes']).toContain('SupportSessionAlreadyApproved')
  })

  it('describes the bearer-token scheme, and which routes need none', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toContainEqual({ bearerAuth: [] })
    expect(op('post', '/api/auth/login').security).toEqual([])
    expect(op('get', '/api/health').security).toEqual([])
    expect(op('get', '/api/workspaces/{slug}').security).toBeUndefined()
    expect(op('get', '/api/admin/webhooks')['x-server-admin-only']).toBe(true)
  })

  it('answers 201, 202 and 204 where the routes do', () => {
    expect(Object.keys(op('post', '/api/workspaces/{slug}/webhooks').responses)).toContain('201')
    expect(Object.keys(op('post', '/api/workspaces/{slug}/webhooks/{id}/test').responses)).toContain('202')
    expect(Object.keys(op('delete', '/api/workspaces/{slug}/webhooks/{id}').responses)).toContain('204')
  })
})
