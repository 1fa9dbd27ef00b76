import { describe, expect, it } from 'vitest'
import { authorize, decidePolicyChange, NEVER_BY_SERVER_ADMIN, type Action, type ActorFacts, type NeverByServerAdmin, type ResourceFacts } from '#shared/permissions'

const admin = (activeSupportSession: boolean, extra: Partial<ActorFacts> = {}): ActorFacts =>
  ({ serverRole: 'admin', workspaceRole: null, seat: null, projectRole: null, activeSupportSession, ...extra })
const ws: ResourceFacts = { type: 'workspace' }
const privateProject: ResourceFacts = { type: 'project', inWorkspace: true, visibility: 'private' }
const personal: ResourceFacts = { type: 'project', inWorkspace: false, visibility: 'private' }
// SPEC 3.10: the workspace's policy keeps its data from server admins without a session.
const closedWs: ResourceFacts = { type: 'workspace', readsRequireSession: true }
const closedProject: ResourceFacts = { type: 'project', inWorkspace: true, visibility: 'workspace', readsRequireSession: true }

const LICENSED_SUPPORT = { enterpriseLicense: true, supportMode: true }
const LICENSED_NO_SUPPORT = { enterpriseLicense: true, supportMode: false }
const NO_LICENSE = { enterpriseLicense: false, supportMode: true }

/** SPEC 3.4 as data: settings × session × action × resource → allowed, or the refusal code. */
const CASES: [string, typeof LICENSED_SUPPORT, boolean, Action, ResourceFacts, true | string][] = [
  ['support on, no session: read workspace', LICENSED_SUPPORT, false, 'workspace.read', ws, true],
  ['support on, no session: read members', LICENSED_SUPPORT, false, 'workspace.members.read', ws, true],
  ['support on, no session: read private project', LICENSED_SUPPORT, false, 'project.read', privateProject, true],
  ['support on, no session: comment', LICENSED_SUPPORT, false, 'project.comment', privateProject, 'SupportSessionRequired'],
  ['support on, no session: publish', LICENSED_SUPPORT, false, 'project.publish', privateProject, 'SupportSessionRequired'],
  ['support on, no session: update workspace', LICENSED_SUPPORT, false, 'workspace.update', ws, 'SupportSessionRequired'],
  ['support on, no session: manage members', LICENSED_SUPPORT, false, 'workspace.members.manage', ws, 'SupportSessionRequired'],
  ['support on, no session: create project', LICENSED_SUPPORT, false, 'workspace.projects.create', ws, 'SupportSessionRequired'],
  ['support on, no session: request support', LICENSED_SUPPORT, false, 'workspace.support.request', ws, true],
  ['support on, session: comment', LICENSED_SUPPORT, true, 'project.comment', privateProject, true],
  ['support on, session: delete project', LICENSED_SUPPORT, true, 'project.delete', privateProject, true],
  ['support on, session: manage members', LICENSED_SUPPORT, true, 'workspace.members.manage', ws, true],
  ['support on, session: never approve', LICENSED_SUPPORT, true, 'workspace.support.manage', ws, 'WorkspaceAdminRequired'],
  ['support off: no implicit read', LICENSED_NO_SUPPORT, false, 'project.read', privateProject, 'ProjectNotFound'],
  ['support off: no workspace read', LICENSED_NO_SUPPORT, false, 'workspace.read', ws, 'WorkspaceNotFound'],
  ['support off: cannot request', LICENSED_NO_SUPPORT, false, 'workspace.support.request', ws, 'SupportModeDisabled'],
  ['support off: support routes refused', LICENSED_NO_SUPPORT, false, 'workspace.support.read', ws, 'SupportModeDisabled'],
  ['support off: a stale session lends nothing', LICENSED_NO_SUPPORT, true, 'project.comment', privateProject, 'ProjectNotFound'],
  ['no license: workspaces do not exist', NO_LICENSE, false, 'workspace.read', ws, 'WorkspacesNotEnabled'],
  ['no license: full project access', NO_LICENSE, false, 'project.delete', privateProject, true],
  ['personal project: full access, no session', LICENSED_SUPPORT, false, 'project.publish', personal, true],
  ['reads need a session, none: read workspace', LICENSED_SUPPORT, false, 'workspace.read', closedWs, 'SupportSessionRequired'],
  ['reads need a session, none: read members', LICENSED_SUPPORT, false, 'workspace.members.read', closedWs, 'SupportSessionRequired'],
  ['reads need a session, none: read its support sessions', LICENSED_SUPPORT, false, 'workspace.support.read', closedWs, 'SupportSessionRequired'],
  ['reads need a session, none: read a project', LICENSED_SUPPORT, false, 'project.read', closedProject, 'SupportSessionRequired'],
  ['reads need a session, none: still may request', LICENSED_SUPPORT, false, 'workspace.support.request', closedWs, true],
  ['reads need a session, active session: read a project', LICENSED_SUPPORT, true, 'project.read', closedProject, true],
  ['reads need a session, active session: read members', LICENSED_SUPPORT, true, 'workspace.members.read', closedWs, true],
]

describe('server admins and support mode (SPEC 3.4)', () => {
  it.each(CASES)('%s', (_name, settings, session, action, resource, expected) => {
    const decision = authorize(action, admin(session), resource, settings)
    if (expected === true) expect(decision.authorized).toBe(true)
    else expect(decision).toMatchObject({ authorized: false, code: expected })
  })

  it('marks writes allowed only by the session, so they can be audited', () => {
    expect(authorize('project.comment', admin(true), privateProject, LICENSED_SUPPORT)).toEqual({ authorized: true, viaSupportSession: true })
    expect(authorize('project.read', admin(true), privateProject, LICENSED_SUPPORT)).toEqual({ authorized: true, supportRead: true })
  })

  it('marks reads that only support mode allows, so the workspace sees them (SPEC 3.10)', () => {
    expect(authorize('project.read', admin(false), privateProject, LICENSED_SUPPORT)).toEqual({ authorized: true, supportRead: true })
    expect(authorize('workspace.members.read', admin(false), { type: 'workspace' }, LICENSED_SUPPORT)).toEqual({ authorized: true, supportRead: true })
    // A server admin who is a member reads what their own role allows as any member does: nothing to log.
    const member = admin(false, { workspaceRole: 'member', seat: 'editor' })
    expect(authorize('workspace.members.read', member, { type: 'workspace' }, LICENSED_SUPPORT)).toEqual({ authorized: true })
    expect(authorize('workspace.audit.read', member, { type: 'workspace' }, LICENSED_SUPPORT)).toEqual({ authorized: true, supportRead: true })
    // A personal project is no workspace's data.
    expect(authorize('project.read', admin(false), { type: 'project', inWorkspace: false, visibility: 'private' }, LICENSED_SUPPORT)).toEqual({ authorized: true })
  })

  it('uses the admin\'s own workspace role first when it already allows the write', () => {
    const member = admin(false, { workspaceRole: 'member', seat: 'editor' })
    expect(authorize('workspace.projects.create', member, ws, LICENSED_SUPPORT)).toEqual({ authorized: true })
  })

  it('refuses every support action to workspace Admins too when support mode is off', () => {
    const ada: ActorFacts = { serverRole: 'user', workspaceRole: 'admin', seat: 'editor', projectRole: null, activeSupportSession: false }
    for (const action of ['workspace.support.read', 'workspace.support.manage'] as const) {
      expect(authorize(action, ada, ws, LICENSED_NO_SUPPORT)).toMatchObject({ authorized: false, code: 'SupportModeDisabled' })
      expect(authorize(action, ada, ws, LICENSED_SUPPORT)).toEqual({ authorized: true })
    }
  })

  it('never closes a workspace\'s data to its own members, server admins among them', () => {
    const ben: ActorFacts = { serverRole: 'user', workspaceRole: 'member', seat: 'editor', projectRole: null, activeSupportSession: false }
    expect(authorize('project.read', ben, closedProject, LICENSED_SUPPORT)).toEqual({ authorized: true })
    expect(authorize('workspace.members.read', admin(false, { workspaceRole: 'member', seat: 'viewer' }), closedWs, LICENSED_SUPPORT)).toEqual({ authorized: true })
  })

  it('refuses support requests from non-admins', () => {
    const user: ActorFacts = { ...admin(false), serverRole: 'user' }
    expect(authorize('workspace.support.request', user, ws, LICENSED_SUPPORT)).toMatchObject({ code: 'ServerAdminRequired' })
  })
})

/**
 * The workspace's checks on the server, as data: every row of `NEVER_BY_SERVER_ADMIN`, for a server admin
 * who is also an Admin of the workspace, with a session and without, where reads need a session and where
 * not. Their own Admin role gets the row's refusal; a server admin with no Admin role is refused as any
 * non-Admin is, a session lending nothing; an Admin who is no server admin is allowed.
 */
const NEVER_ROWS = (Object.keys(NEVER_BY_SERVER_ADMIN) as NeverByServerAdmin[]).flatMap(action =>
  [false, true].flatMap(session => [ws, closedWs].map(resource => ({ action, session, resource, closed: Boolean(resource.readsRequireSession) }))))

describe('what a server admin never does, member or not, with a session or without (NEVER_BY_SERVER_ADMIN)', () => {
  it('has a row for the support policy (SPEC 3.7) and for witness cosignatures (SPEC 3.14)', () => {
    expect(NEVER_BY_SERVER_ADMIN).toMatchObject({ 'workspace.support.policy.change': { code: 'SupportPolicyServerAdmin' }, 'workspace.audit.cosign': { code: 'AuditWitnessServerAdmin' } })
  })

  it.each(NEVER_ROWS)('$action · session $session · reads need a session $closed', ({ action, session, resource }) => {
    const { code, message } = NEVER_BY_SERVER_ADMIN[action]
    const asAdmin = admin(session, { workspaceRole: 'admin', seat: 'editor' })
    expect(authorize(action, asAdmin, resource, LICENSED_SUPPORT)).toEqual({ authorized: false, code, message })
    // Several sessions, each lending everything, lend it no more than one.
    expect(authorize(action, { ...asAdmin, supportScopes: [{ access: 'write', projects: 'all' }, { access: 'write', projects: 'all' }] }, resource, LICENSED_SUPPORT)).toEqual({ authorized: false, code, message })
    for (const standing of [admin(session), admin(session, { workspaceRole: 'member', seat: 'editor' })]) {
      expect(authorize(action, standing, resource, LICENSED_SUPPORT)).toMatchObject({ authorized: false, code: 'WorkspaceAdminRequired' })
    }
    expect(authorize(action, { ...asAdmin, serverRole: 'user' }, resource, LICENSED_SUPPORT)).toEqual({ authorized: true })
  })

  it('decidePolicyChange is the policy\'s row, for every standing', () => {
    for (const session of [false, true]) {
      for (const extra of [{}, { workspaceRole: 'admin', seat: 'editor' }, { workspaceRole: 'member', seat: 'editor' }, { serverRole: 'user', workspaceRole: 'admin', seat: 'editor' }] as Partial<ActorFacts>[]) {
        const facts = admin(session, extra)
        expect(decidePolicyChange(facts, LICENSED_SUPPORT)).toEqual(authorize('workspace.support.policy.change', facts, ws, LICENSED_SUPPORT))
      }
    }
    expect(decidePolicyChange(admin(false, { workspaceRole: 'admin', seat: 'editor' }), LICENSED_SUPPORT)).toMatchObject({ code: 'SupportPolicyServerAdmin' })
  })
})
