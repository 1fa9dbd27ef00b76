import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Route files that change something: every method but GET. */
function writeRoutes(dir = 'server/api'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return writeRoutes(full)
    return /\.(post|patch|put|delete)\.ts$/.test(name) ? [full] : []
  })
}

/**
 * Sign-in and sign-out create or end the identity the gate checks, and the passkey ceremonies' first
 * steps, the step-up and the password confirmation prove it (they keep a challenge or mark a sign-in,
 * and change nothing the gate guards), so they cannot go through it. Adding a passkey is an account write like any other.
 */
const OUTSIDE_THE_GATE = new Set([
  'server/api/auth/login.post.ts', 'server/api/auth/logout.post.ts',
  'server/api/auth/passkey/options.post.ts', 'server/api/auth/passkey/index.post.ts',
  'server/api/auth/step-up/options.post.ts', 'server/api/auth/step-up/index.post.ts',
  'server/api/me/passkeys/options.post.ts', 'server/api/auth/reauthenticate.post.ts',
])

/** Account writes under a workspace's URL that touch only the caller's own standing: asking to join. */
const ACCOUNT_WRITES_IN_A_WORKSPACE = new Set(['server/api/workspaces/[slug]/join-requests/index.post.ts'])

describe('the write gate (SPEC 3.6 "One step")', () => {
  it.each(writeRoutes().filter(file => !OUTSIDE_THE_GATE.has(file)))('%s is defined through the gate', (file) => {
    const source = readFileSync(file, 'utf8')
    expect(source).toMatch(/export default define(Workspace|Project|Account)Write\(/)
    // The gate owns the transaction, the standing and the audit: a route never opens its own.
    expect(source).not.toMatch(/\b(useDb|appendAudit|authorizeWorkspace|authorizeProject|defineEventHandler)\b/)
  })

  /**
   * SPEC 3.12: a session scoped to some projects lends writes inside them only, so every write route
   * declares which project it touches, or that it is workspace-level (then out of such a scope). A
   * project write names its project in its URL (`/api/projects/:id/…`, the `id` the gate loads); a
   * workspace write names its workspace and no project; an account write touches no workspace's data but
   * the caller's own (listed here with why). A new route that fits none fails here, so none escapes the scope.
   */
  it.each(writeRoutes().filter(file => !OUTSIDE_THE_GATE.has(file)))('%s declares the project or workspace it touches', (file) => {
    const source = readFileSync(file, 'utf8')
    const gate = source.match(/export default define(Workspace|Project|Account)Write\(/)?.[1]
    if (gate === 'Project') {
      expect(file, 'a project write names its project as the `id` of /api/projects/:id').toMatch(/^server\/api\/projects\/\[id\]\//)
      return
    }
    const namesProject = /\[(projectId|modelId|versionId)\]|\/projects\/\[/.test(file)
    if (gate === 'Workspace') {
      expect(file, 'a workspace write names its workspace').toMatch(/^server\/api\/(admin\/)?workspaces\/\[slug\]\//)
      expect(namesProject, 'a write to one project is a project write (defineProjectWrite), whose scope check names the project').toBe(false)
      return
    }
    expect(gate).toBe('Account')
    const inWorkspaceOrProject = /^server\/api\/(admin\/)?(workspaces\/\[slug\]|projects\/\[)/.test(file)
    if (inWorkspaceOrProject) expect(ACCOUNT_WRITES_IN_A_WORKSPACE.has(file), `${file} is an account write inside a workspace: make it a workspace or project write`).toBe(true)
  })

  it('leaves no service opening a transaction of its own for a route write', () => {
    const services = readdirSync('server/services', { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts'))
    for (const name of ['workspaces/members', 'workspaces/invites', 'projects/collaborators', 'accounts/emails', 'support/transitions']) expect(services).toContain(`${name}.ts`)
    for (const file of services) {
      const source = readFileSync(`server/services/${file}`, 'utf8')
      expect(source, file).not.toMatch(/\.transaction\(/)
    }
  })

  it('keeps no after-response audit hook', () => {
    expect(readdirSync('server/plugins')).not.toContain('support-audit.ts')
  })
})
