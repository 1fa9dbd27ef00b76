import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { routeOf, scanRoutes } from '../../server/openapi/route-scan'

describe('route scan (what /api/openapi.json is built from)', () => {
  it('maps route files to OpenAPI paths', () => {
    expect(routeOf('workspaces/[slug]/index.get.ts')).toEqual({ method: 'get', path: '/api/workspaces/{slug}' })
    expect(routeOf('workspaces/[slug]/webhooks/[id]/test.post.ts')).toEqual({ method: 'post', path: '/api/workspaces/{slug}/webhooks/{id}/test' })
    expect(routeOf('openapi.json.get.ts')).toEqual({ method: 'get', path: '/api/openapi.json' })
    expect(routeOf('[...path].ts')).toEqual({ method: 'all', path: '/api/{path}' })
  })

  it('finds every route\'s schemas in this repository', () => {
    const routes = scanRoutes('.')
    const policy = routes.find(r => r.file === 'workspaces/[slug]/support-policy.patch.ts')!
    expect(policy).toMatchObject({ params: { name: 'workspaceSlugParams' }, body: { name: 'supportPolicyPatchSchema', from: '#shared/support/policy' }, action: 'workspace.support.manage', auth: 'signedIn' })
    expect(routes.find(r => r.file === 'auth/login.post.ts')!.auth).toBe('public')
  })

  it('fails the build for a route that validates with a schema written inline', () => {
    const root = mkdtempSync(join(tmpdir(), 'route-scan-'))
    try {
      mkdirSync(join(root, 'server/api'), { recursive: true })
      writeFileSync(join(root, 'server/api/things.get.ts'), `import { z } from 'zod'\nexport default defineEventHandler((event) => validQuery(event, inlineQuery))\n`)
      expect(() => scanRoutes(root)).toThrow(/inlineQuery, which is not imported/)
    }
    finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
