import { describe, expect, it } from 'vitest'
import { authorize, type Action, type ActorFacts, type ResourceFacts } from '#shared/permissions'

const ON = { enterpriseLicense: true, supportMode: true }
const workspace: ResourceFacts = { type: 'workspace' }
const project: ResourceFacts = { type: 'project', inWorkspace: true, visibility: 'private' }

/** Every change to someone's standing, as the routes ask the model for it. */
const MEMBER_CHANGES: [string, Action, ResourceFacts][] = [
  ['invite an email', 'workspace.members.manage', workspace],
  ['change a role or seat', 'workspace.members.manage', workspace],
  ['remove from the workspace', 'workspace.members.manage', workspace],
  ['approve a join request', 'workspace.members.manage', workspace],
  ['add to a project', 'project.collaborators.manage', project],
  ['change a project role', 'project.collaborators.manage', project],
  ['remove from a project', 'project.collaborators.manage', project],
]

/** How the acting server admin holds the right: a workspace Admin role of their own, or a support session. */
const STANDINGS: [string, ActorFacts][] = [
  ['own Admin role', { serverRole: 'admin', workspaceRole: 'admin', seat: 'editor', projectRole: null, activeSupportSession: false }],
  ['own Admin role, session too', { serverRole: 'admin', workspaceRole: 'admin', seat: 'editor', projectRole: null, activeSupportSession: true }],
  ['via support session', { serverRole: 'admin', workspaceRole: null, seat: null, projectRole: null, activeSupportSession: true }],
  ['via session, as a Member', { serverRole: 'admin', workspaceRole: 'member', seat: 'viewer', projectRole: null, activeSupportSession: true }],
]

const cases = MEMBER_CHANGES.flatMap(([change, action, resource]) => STANDINGS.flatMap(([standing, actor]) =>
  (['self', 'other'] as const).map(subject => ({ change, action, resource, standing, actor, subject }))))

describe('a support session never changes its holder\'s own standing (SPEC 3.6)', () => {
  it.each(cases)('$change × $subject × $standing', ({ action, resource, actor, subject, standing }) => {
    const decision = authorize(action, actor, resource, ON, { isActor: subject === 'self' })
    const viaSession = standing.startsWith('via')
    if (viaSession && subject === 'self') expect(decision).toMatchObject({ authorized: false, code: 'SupportSelfGrant' })
    else if (viaSession) expect(decision).toEqual({ authorized: true, viaSupportSession: true })
    else expect(decision).toEqual({ authorized: true })
  })

  it('leaves reads alone whoever they are about', () => {
    const viaSession = STANDINGS[2]![1]
    expect(authorize('workspace.invites.read', viaSession, workspace, ON, { isActor: true })).toEqual({ authorized: true, supportRead: true })
  })
})

describe('a support session leaves nothing behind for any server admin (SPEC 3.6, issue 31)', () => {
  const subjects = [
    ['a server admin\'s join request', { isActor: false, admitsServerAdmin: true }],
    ['a domain verified by the actor\'s own email', { isActor: false, vouchedByActor: true }],
    ['another server admin\'s invite, role or project role', { isActor: false, subjectIsServerAdmin: true }],
  ] as const
  it.each(STANDINGS.flatMap(([standing, actor]) => subjects.map(([what, subject]) => ({ standing, actor, what, subject }))))('$what × $standing', ({ standing, actor, subject }) => {
    const decision = authorize('workspace.members.manage', actor, workspace, ON, subject)
    if (standing.startsWith('via')) expect(decision).toMatchObject({ authorized: false, code: 'SupportSelfGrant' })
    else expect(decision).toEqual({ authorized: true })
  })

  it('a workspace Admin who is no server admin decides them as ever', () => {
    const ada: ActorFacts = { serverRole: 'user', workspaceRole: 'admin', seat: 'editor', projectRole: null, activeSupportSession: false }
    expect(authorize('workspace.members.manage', ada, workspace, ON, { isActor: false, admitsServerAdmin: true })).toEqual({ authorized: true })
    expect(authorize('workspace.members.manage', ada, workspace, ON, { isActor: false, vouchedByActor: true })).toEqual({ authorized: true })
    expect(authorize('workspace.members.manage', ada, workspace, ON, { isActor: false, subjectIsServerAdmin: true })).toEqual({ authorized: true })
  })
})
