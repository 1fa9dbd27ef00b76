import { describe, expect, it } from 'vitest'
import { authorize, isReadAction, supportSessionsShown, PROJECT_ACTIONS, WORKSPACE_ACTIONS, type Action, type ActorFacts, type ResourceFacts } from '#shared/permissions'
import { scopeWithin, scopeWords, type SupportScope } from '#shared/support/scope'

/**
 * SPEC 3.12 as data: every action × scope × (in or out of the scope's project list) × whether the
 * workspace's reads need a session → allowed, or the refusal code. The expectation is written from the
 * SPEC's sentences, not from the model: read lends no write; a project list lends writes inside it only
 * and no workspace-level write; where reads need a session, reads outside the scope are refused too.
 */
const SETTINGS = { enterpriseLicense: true, supportMode: true }
const TOWER = 1
const SECRET_LAB = 2

const SCOPES: Record<string, SupportScope> = {
  'read/all': { access: 'read', projects: 'all' },
  'write/all': { access: 'write', projects: 'all' },
  'read/[Tower]': { access: 'read', projects: [TOWER] },
  'write/[Tower]': { access: 'write', projects: [TOWER] },
}

const admin = (supportScope: SupportScope): ActorFacts =>
  ({ serverRole: 'admin', workspaceRole: null, seat: null, projectRole: null, activeSupportSession: true, supportScope })

/** What a session never lends, whatever its scope. */
const NEVER = new Set<Action>(['workspace.support.manage', 'workspace.support.policy.change', 'workspace.audit.cosign'])
/**
 * Workspace reads a project-scoped session keeps where reads need a session: name, plan, counts. Not the
 * support area: other sessions' scopes and the access log name projects outside the list.
 */
const SCOPE_FREE = new Set<Action>(['workspace.read'])

function expected(action: Action, scope: SupportScope, where: 'workspace' | 'in' | 'out', closed: boolean): true | string {
  if (action === 'workspace.support.request') return true
  if (NEVER.has(action)) return 'WorkspaceAdminRequired'
  const read = isReadAction(action)
  if (!read && scope.access === 'read') return 'SupportSessionOutOfScope'
  if (scope.projects === 'all') return true
  if (where === 'workspace') {
    if (!read) return 'SupportSessionOutOfScope'
    return closed && !SCOPE_FREE.has(action) ? 'SupportSessionOutOfScope' : true
  }
  if (where === 'in') return true
  return read && !closed ? true : 'SupportSessionOutOfScope'
}

const CASES: [string, Action, string, 'workspace' | 'in' | 'out', boolean][] = []
for (const closed of [false, true]) {
  for (const scope of Object.keys(SCOPES)) {
    for (const action of WORKSPACE_ACTIONS) CASES.push([`${action} × ${scope}${closed ? ' (reads need a session)' : ''}`, action, scope, 'workspace', closed])
    for (const action of PROJECT_ACTIONS) {
      for (const where of ['in', 'out'] as const) CASES.push([`${action} × ${scope} × ${where === 'in' ? 'Tower' : 'Secret Lab'}${closed ? ' (reads need a session)' : ''}`, action, scope, where, closed])
    }
  }
}

describe('a support session lends its scope only (SPEC 3.12)', () => {
  it.each(CASES)('%s', (_name, action, scopeName, where, closed) => {
    const scope = SCOPES[scopeName]!
    const resource: ResourceFacts = where === 'workspace'
      ? { type: 'workspace', readsRequireSession: closed }
      : { type: 'project', inWorkspace: true, visibility: 'private', readsRequireSession: closed, projectId: where === 'in' ? TOWER : SECRET_LAB }
    const decision = authorize(action, admin(scope), resource, SETTINGS)
    const want = expected(action, scope, where, closed)
    if (want === true) expect(decision.authorized).toBe(true)
    else expect(decision).toMatchObject({ authorized: false, code: want })
  })

  it('a project list lends a project\'s collaborators, but not bringing someone into the workspace or raising a seat', () => {
    const tower: ResourceFacts = { type: 'project', inWorkspace: true, visibility: 'workspace', projectId: TOWER }
    const towerOnly = admin(SCOPES['write/[Tower]']!)
    const manage = (subject: Parameters<typeof authorize>[4]) => authorize('project.collaborators.manage', towerOnly, tower, SETTINGS, subject)
    expect(manage({ isActor: false }).authorized).toBe(true)
    expect(manage({ isActor: false, joinsWorkspace: true })).toMatchObject({ authorized: false, code: 'SupportSessionOutOfScope' })
    expect(manage({ isActor: false, upgradesSeat: true })).toMatchObject({ authorized: false, code: 'SupportSessionOutOfScope' })
    // A session over every project lends both, as a workspace Admin may.
    expect(authorize('project.collaborators.manage', admin(SCOPES['write/all']!), tower, SETTINGS, { isActor: false, joinsWorkspace: true, upgradesSeat: true }).authorized).toBe(true)
  })

  it('a session with no scope fact lends what it always did (write, all projects)', () => {
    const facts: ActorFacts = { serverRole: 'admin', workspaceRole: null, seat: null, projectRole: null, activeSupportSession: true }
    expect(authorize('workspace.members.manage', facts, { type: 'workspace' }, SETTINGS)).toEqual({ authorized: true, viaSupportSession: true })
  })

  it('the admin\'s own membership is decided before the scope', () => {
    const member = { ...admin(SCOPES['read/[Tower]']!), workspaceRole: 'member' as const, seat: 'editor' as const }
    expect(authorize('workspace.projects.create', member, { type: 'workspace' }, SETTINGS)).toEqual({ authorized: true })
  })

  it('several sessions lend what any one of them lends, and the decision names which', () => {
    const both: ActorFacts = { ...admin(SCOPES['read/all']!), supportScopes: [SCOPES['read/all']!, SCOPES['write/[Tower]']!] }
    const tower: ResourceFacts = { type: 'project', inWorkspace: true, visibility: 'workspace', projectId: TOWER }
    expect(authorize('project.comment', both, tower, SETTINGS)).toEqual({ authorized: true, viaSupportSession: true, lentBy: 1 })
    expect(authorize('project.read', both, tower, SETTINGS)).toEqual({ authorized: true, supportRead: true, lentBy: 0 })
    expect(authorize('project.comment', both, { ...tower, projectId: SECRET_LAB }, SETTINGS)).toMatchObject({ authorized: false, code: 'SupportSessionOutOfScope' })
  })

  it('whose sessions a reader sees: a project-scoped session where reads need one sees its own only', () => {
    const closed: ResourceFacts = { type: 'workspace', readsRequireSession: true }
    expect(supportSessionsShown(admin(SCOPES['read/[Tower]']!), closed, SETTINGS)).toBe('own')
    expect(supportSessionsShown({ ...admin(SCOPES['read/all']!), activeSupportSession: false }, closed, SETTINGS)).toBe('own')
    expect(supportSessionsShown(admin(SCOPES['read/all']!), closed, SETTINGS)).toBe('all')
    expect(supportSessionsShown(admin(SCOPES['read/[Tower]']!), { type: 'workspace' }, SETTINGS)).toBe('all')
    const member: ActorFacts = { serverRole: 'user', workspaceRole: 'member', seat: 'editor', projectRole: null, activeSupportSession: false }
    expect(supportSessionsShown(member, closed, SETTINGS)).toBe('all')
  })

  it('approvers narrow, never widen', () => {
    expect(scopeWithin(SCOPES['read/[Tower]']!, SCOPES['write/all']!)).toBe(true)
    expect(scopeWithin(SCOPES['write/[Tower]']!, SCOPES['read/all']!)).toBe(false)
    expect(scopeWithin(SCOPES['read/all']!, SCOPES['read/[Tower]']!)).toBe(false)
    expect(scopeWithin({ access: 'read', projects: [TOWER, SECRET_LAB] }, SCOPES['write/[Tower]']!)).toBe(false)
  })

  it('says the scope in words', () => {
    expect(scopeWords(SCOPES['read/[Tower]']!, { [TOWER]: 'Tower' })).toBe('Read-only · Tower')
    expect(scopeWords(SCOPES['write/all']!)).toBe('All projects, read and write')
  })

  it('names only the projects its reader may open', () => {
    const names = { [TOWER]: 'Tower', [SECRET_LAB]: 'Secret Lab' }
    const scope: SupportScope = { access: 'write', projects: [TOWER, SECRET_LAB] }
    expect(scopeWords(scope, names, id => id === TOWER)).toBe('Read and write · Tower, 1 private project')
    expect(scopeWords({ access: 'read', projects: [SECRET_LAB] }, names, () => false)).toBe('Read-only · 1 private project')
    expect(scopeWords(scope, names, () => false)).toBe('Read and write · 2 private projects')
  })
})
