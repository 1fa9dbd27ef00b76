import { describe, expect, it } from 'vitest'
import { authorize, effectiveProjectRole, PROJECT_ACTIONS, type ActorFacts, type ProjectAction } from '#shared/permissions'
import type { ProjectRole, ProjectVisibility, Seat, WorkspaceRole } from '#shared/roles'

const ON = { enterpriseLicense: true, supportMode: true }
type Role = WorkspaceRole | 'none'
type R = ProjectRole | null

/**
 * SPEC 3.1 written out by hand, one row per workspace role × visibility × seat:
 * the effective role for explicit none / Can view / Can edit / Owner.
 */
const EFFECTIVE: [Role, ProjectVisibility, Seat | null, [R, R, R, R]][] = [
  ['admin', 'workspace', 'editor', ['owner', 'owner', 'owner', 'owner']],
  ['admin', 'private', 'editor', ['owner', 'owner', 'owner', 'owner']],
  ['admin', 'workspace', 'viewer', ['viewer', 'viewer', 'viewer', 'viewer']],
  ['admin', 'private', 'viewer', ['viewer', 'viewer', 'viewer', 'viewer']],
  ['member', 'workspace', 'editor', ['viewer', 'viewer', 'editor', 'owner']],
  ['member', 'private', 'editor', [null, 'viewer', 'editor', 'owner']],
  ['member', 'workspace', 'viewer', ['viewer', 'viewer', 'viewer', 'viewer']],
  ['member', 'private', 'viewer', [null, 'viewer', 'viewer', 'viewer']],
  ['guest', 'workspace', 'editor', [null, 'viewer', 'editor', 'owner']],
  ['guest', 'private', 'editor', [null, 'viewer', 'editor', 'owner']],
  ['guest', 'workspace', 'viewer', [null, 'viewer', 'viewer', 'viewer']],
  ['guest', 'private', 'viewer', [null, 'viewer', 'viewer', 'viewer']],
  ['none', 'workspace', null, [null, null, null, null]],
  ['none', 'private', null, [null, null, null, null]],
]
const EXPLICIT: R[] = [null, 'viewer', 'editor', 'owner']

/** SPEC 3.2: the role each project action needs, as a lookup of which effective roles pass. */
const PASSES: Record<ProjectAction, R[]> = {
  'project.read': ['viewer', 'editor', 'owner'],
  'project.comment': ['viewer', 'editor', 'owner'],
  'project.publish': ['editor', 'owner'],
  'project.load': ['editor', 'owner'],
  'project.update': ['owner'],
  'project.delete': ['owner'],
  'project.collaborators.manage': ['owner'],
}

function actor(role: Role, seat: Seat | null, projectRole: R): ActorFacts {
  return { serverRole: 'user', workspaceRole: role === 'none' ? null : role, seat, projectRole, activeSupportSession: false }
}

describe('effective project role and every project action (role × seat × explicit role × visibility × action)', () => {
  const cases = EFFECTIVE.flatMap(([role, visibility, seat, expected]) =>
    EXPLICIT.flatMap((explicit, i) => PROJECT_ACTIONS.map(action => ({ role, visibility, seat, explicit, action, effective: expected[i]! }))))

  it('covers the whole matrix', () => {
    expect(cases.length).toBe(14 * 4 * 7)
  })

  it.each(cases)('$role/$seat explicit=$explicit on $visibility: $action', ({ role, visibility, seat, explicit, action, effective }) => {
    const project = { type: 'project', inWorkspace: true, visibility } as const
    const who = actor(role, seat, explicit)
    expect(effectiveProjectRole(who, project)).toBe(effective)
    const decision = authorize(action, who, project, ON)
    const allowed = PASSES[action].includes(effective)
    expect(decision.authorized).toBe(allowed)
    if (!decision.authorized) {
      // A caller who cannot read gets "not found", never a hint the project exists.
      expect(decision.code).toEqual(effective === null ? 'ProjectNotFound' : expect.stringMatching(/^(ViewerSeatCapped|ProjectRoleInsufficient)$/))
      expect(decision.message.length).toBeGreaterThan(5)
    }
  })
})

/** SPEC 3.2's summary table, verbatim: View & comment / Publish & load / Create projects / Manage workspace. */
const SUMMARY: [WorkspaceRole, Seat, ProjectRole | null, [boolean, boolean, boolean, boolean]][] = [
  ['admin', 'editor', null, [true, true, true, true]],
  ['member', 'editor', 'editor', [true, true, true, false]],
  ['member', 'viewer', 'editor', [true, false, false, false]],
  ['guest', 'editor', 'editor', [true, true, false, false]],
  ['guest', 'editor', null, [false, false, false, false]], // not invited to this project
  ['guest', 'viewer', 'viewer', [true, false, false, false]],
  ['guest', 'viewer', null, [false, false, false, false]],
]

describe('SPEC 3.2 summary matrix', () => {
  it.each(SUMMARY)('%s + %s (explicit %s)', (role, seat, explicit, [view, publish, create, manage]) => {
    const project = { type: 'project', inWorkspace: true, visibility: 'workspace' } as const
    const who = actor(role, seat, explicit)
    const ws = { type: 'workspace' } as const
    expect(authorize('project.read', who, project, ON).authorized && authorize('project.comment', who, project, ON).authorized).toBe(view)
    expect(authorize('project.publish', who, project, ON).authorized && authorize('project.load', who, project, ON).authorized).toBe(publish)
    expect(authorize('workspace.projects.create', who, ws, ON).authorized).toBe(create)
    for (const action of ['workspace.update', 'workspace.members.manage', 'workspace.support.manage'] as const) {
      expect(authorize(action, who, ws, ON).authorized).toBe(manage)
    }
  })

  it('lets Admins and Members list members, not Guests or outsiders', () => {
    const ws = { type: 'workspace' } as const
    expect(authorize('workspace.members.read', actor('admin', 'editor', null), ws, ON).authorized).toBe(true)
    expect(authorize('workspace.members.read', actor('member', 'viewer', null), ws, ON).authorized).toBe(true)
    expect(authorize('workspace.members.read', actor('guest', 'editor', null), ws, ON)).toMatchObject({ authorized: false, code: 'WorkspaceMemberRequired' })
    expect(authorize('workspace.members.read', actor('none', null, null), ws, ON)).toMatchObject({ authorized: false, code: 'WorkspaceNotFound' })
  })
})
