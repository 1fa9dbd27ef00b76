import { describe, expect, it } from 'vitest'
import { authorize, PROJECT_ACTIONS, WORKSPACE_ACTIONS, type Action, type ActorFacts, type ResourceFacts, type SubjectFacts } from '#shared/permissions'
import { isReadAction } from '#shared/permissions/read-actions'

/**
 * The decision says what it used (issue 19): for every action × the server admin's own standing × with or
 * without a session × support mode on or off × the subject of the change, a support session is a fact
 * exactly when support mode is on, and the decision says `viaSupportSession` exactly when the session is
 * what allowed it. The write gate stamps the session on the audit event from that flag alone.
 */
const OWN: [string, Pick<ActorFacts, 'workspaceRole' | 'seat' | 'projectRole'>][] = [
  ['no role', { workspaceRole: null, seat: null, projectRole: null }],
  ['Guest/Viewer', { workspaceRole: 'guest', seat: 'viewer', projectRole: 'viewer' }],
  ['Guest/Editor, Can edit', { workspaceRole: 'guest', seat: 'editor', projectRole: 'editor' }],
  ['Member/Viewer', { workspaceRole: 'member', seat: 'viewer', projectRole: null }],
  ['Member/Editor', { workspaceRole: 'member', seat: 'editor', projectRole: null }],
  ['Member/Editor, project Owner', { workspaceRole: 'member', seat: 'editor', projectRole: 'owner' }],
  ['Admin/Editor', { workspaceRole: 'admin', seat: 'editor', projectRole: null }],
]
const RESOURCES: ResourceFacts[] = [
  { type: 'project', inWorkspace: true, visibility: 'workspace' },
  { type: 'project', inWorkspace: true, visibility: 'private' },
]
const SUBJECTS: (SubjectFacts | undefined)[] = [undefined, { isActor: false }, { isActor: false, joinsWorkspace: true }, { isActor: true }]
const MODES = [{ enterpriseLicense: true, supportMode: true }, { enterpriseLicense: true, supportMode: false }]

const cases: { name: string, action: Action, own: ActorFacts, resource: ResourceFacts, subject?: SubjectFacts, mode: typeof MODES[number] }[] = []
for (const [label, standing] of OWN) {
  for (const mode of MODES) {
    for (const subject of SUBJECTS) {
      const own: ActorFacts = { serverRole: 'admin', ...standing, activeSupportSession: false }
      const tag = `${label}, support mode ${mode.supportMode ? 'on' : 'off'}, subject ${JSON.stringify(subject ?? null)}`
      for (const action of WORKSPACE_ACTIONS) cases.push({ name: `${action} · ${tag}`, action, own: { ...own, projectRole: null }, resource: { type: 'workspace' }, subject, mode })
      for (const action of PROJECT_ACTIONS) {
        for (const resource of RESOURCES) cases.push({ name: `${action} on a ${resource.type === 'project' ? resource.visibility : ''} project · ${tag}`, action, own, resource, subject, mode })
      }
    }
  }
}

describe('a decision names the session when, and only when, the session allowed it', () => {
  it(`covers ${cases.length} cases`, () => {
    expect(cases.length).toBeGreaterThan(1000)
  })

  it.each(cases)('$name', ({ action, own, resource, subject, mode }) => {
    const without = authorize(action, own, resource, mode, subject)
    const withSession = authorize(action, { ...own, activeSupportSession: true }, resource, mode, subject)
    // Never by the caller's own standing alone is a session named.
    if (without.authorized) expect(without.viaSupportSession).toBeUndefined()
    if (!mode.supportMode) {
      // Support mode off: a session is no fact at all, so the decision is exactly the one without it.
      expect(withSession).toEqual(without)
      return
    }
    if (without.authorized) {
      expect(withSession).toEqual(without)
    }
    else if (withSession.authorized) {
      // Allowed only with the session: it says so, and a read never needs one.
      expect(isReadAction(action)).toBe(false)
      expect(withSession).toEqual({ authorized: true, viaSupportSession: true })
      expect(subject?.isActor).not.toBe(true)
    }
    if (action === 'workspace.support.manage') expect(withSession.authorized && withSession.viaSupportSession).toBeFalsy()
  })

  it('adding an outsider needs the workspace Admin role: a Member who owns the project is refused, a session lends it', () => {
    const owner: ActorFacts = { serverRole: 'admin', workspaceRole: 'member', seat: 'editor', projectRole: 'owner', activeSupportSession: false }
    const project: ResourceFacts = { type: 'project', inWorkspace: true, visibility: 'workspace' }
    const on = MODES[0]!
    const outsider = { isActor: false, joinsWorkspace: true }
    // A server admin's own standing does not allow it: in support mode, the refusal points to a session.
    expect(authorize('project.collaborators.manage', owner, project, on, outsider)).toMatchObject({ authorized: false, code: 'SupportSessionRequired' })
    expect(authorize('project.collaborators.manage', owner, project, on, { isActor: false })).toEqual({ authorized: true })
    expect(authorize('project.collaborators.manage', { ...owner, activeSupportSession: true }, project, on, outsider)).toEqual({ authorized: true, viaSupportSession: true })
    expect(authorize('project.collaborators.manage', { ...owner, activeSupportSession: true }, project, MODES[1]!, outsider)).toMatchObject({ authorized: false, code: 'WorkspaceInviteAdminOnly' })
    const ben = { ...owner, serverRole: 'user' as const }
    expect(authorize('project.collaborators.manage', ben, project, on, outsider)).toMatchObject({ authorized: false, code: 'WorkspaceInviteAdminOnly' })
  })
})
