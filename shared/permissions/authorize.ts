import { projectRoleRank, type ProjectRole } from '../roles'
import { effectiveProjectRole } from './effective-role'
import type { Action, ActorFacts, Decision, ProjectAction, ResourceFacts, ServerSettings, SubjectFacts, WorkspaceAction } from './types'
import { allow, deny } from './decision'
import { FULL_SCOPE, scopeCovers, type SupportScope } from '../support/scope'
import { serverAdminRefusal, type NeverByServerAdmin } from './never-server-admin'

type ProjectFacts = Extract<ResourceFacts, { type: 'project' }>

/** Minimum effective project role for each project action (SPEC 3.2). */
const PROJECT_ACTION_NEEDS: Record<ProjectAction, ProjectRole> = {
  'project.read': 'viewer',
  'project.comment': 'viewer',
  'project.publish': 'editor',
  'project.load': 'editor',
  'project.update': 'owner',
  'project.delete': 'owner',
  'project.collaborators.manage': 'owner',
}

/** Actions that only read; a server admin in support mode may do these without a session. */
const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'workspace.read',
  'workspace.members.read',
  'workspace.invites.read',
  'workspace.support.read',
  'workspace.audit.read',
  'workspace.integrations.read',
  'project.read',
  'project.load',
])

export function isReadAction(action: Action): boolean {
  return READ_ACTIONS.has(action)
}

function decideProjectByRole(action: ProjectAction, actor: ActorFacts, project: ProjectFacts, role: ProjectRole | null): Decision {
  if (!role) return deny('ProjectNotFound', 'Project not found.')
  const needs = PROJECT_ACTION_NEEDS[action]
  if (projectRoleRank(role) >= projectRoleRank(needs)) return allow()
  // The seat is the blocker whenever it is a Viewer seat: no project role can lift it.
  if (project.inWorkspace && actor.seat === 'viewer') {
    return deny('ViewerSeatCapped', 'A Viewer seat can only view and comment. Ask a workspace admin for an Editor seat.')
  }
  return needs === 'owner'
    ? deny('ProjectRoleInsufficient', 'Only project owners can do this.')
    : deny('ProjectRoleInsufficient', 'You need the Can edit role on this project.')
}

function decideWorkspaceAsMember(action: WorkspaceAction, actor: ActorFacts): Decision {
  const role = actor.workspaceRole
  if (action === 'workspace.support.request') return decideSupportRequest(actor)
  if (!role) return deny('WorkspaceNotFound', 'Workspace not found.')
  switch (action) {
    case 'workspace.read':
      return allow()
    case 'workspace.members.read':
      return role === 'guest' ? deny('WorkspaceMemberRequired', 'Guests cannot see the member list.') : allow()
    case 'workspace.projects.create':
      if (role === 'guest') return deny('GuestCannotCreateProject', 'Guests cannot create projects in this workspace.')
      if (role === 'member' && actor.seat !== 'editor') return deny('ViewerSeatCapped', 'A Viewer seat cannot create projects. Ask a workspace admin for an Editor seat.')
      return allow()
    default:
      return role === 'admin' ? allow() : deny('WorkspaceAdminRequired', 'Only workspace admins can do this.')
  }
}

function decideSupportRequest(actor: ActorFacts): Decision {
  return actor.serverRole === 'admin' ? allow() : deny('ServerAdminRequired', 'Only server admins can request support access.')
}

function decideAsMember(action: Action, actor: ActorFacts, resource: ResourceFacts, subject?: SubjectFacts): Decision {
  if (resource.type === 'workspace') return decideWorkspaceAsMember(action as WorkspaceAction, actor)
  const byRole = decideProjectByRole(action as ProjectAction, actor, resource, effectiveProjectRole(actor, resource))
  // Adding an outsider to a project brings them into the workspace: only its Admins do that (SPEC 3.3).
  if (byRole.authorized && subject?.joinsWorkspace && resource.inWorkspace && actor.workspaceRole !== 'admin') {
    return deny('WorkspaceInviteAdminOnly', 'Only workspace Admins can add people from outside the workspace.')
  }
  return byRole
}

/**
 * Workspace reads that stay open to a session scoped to some projects where reads need a session
 * (SPEC 3.12): the workspace itself (its name, plan, counts). Its support area is not: other sessions'
 * scopes and the access log name projects outside the list (the holder sees its own sessions through
 * `supportSessionsShown`).
 */
const SCOPE_FREE_READS: ReadonlySet<Action> = new Set<Action>(['workspace.read'])

const outOfScope = (what: string) => deny('SupportSessionOutOfScope', `Your support session does not lend this: ${what}. Ask for a session that covers it.`)

/**
 * What a session's scope keeps out (SPEC 3.12): `read` lends no write; a project list lends writes inside
 * those projects only and no workspace-level write; where reads need a session, reads outside the list
 * are refused too. Null when the scope lends it.
 */
function scopeRefusal(action: Action, scope: SupportScope, resource: ResourceFacts, subject?: SubjectFacts): Decision | null {
  const read = isReadAction(action)
  if (!read && scope.access === 'read') return outOfScope('it is read-only')
  if (scope.projects === 'all') return null
  // A project's collaborators are inside the project, but bringing someone into the workspace or raising
  // their seat changes the workspace's people, which a project list never lends.
  if (subject?.joinsWorkspace || subject?.upgradesSeat) return outOfScope('it covers some projects only, not who is in the workspace or their seats')
  if (resource.type === 'workspace') {
    if (!read) return outOfScope('it covers some projects only, not the workspace’s people, settings or new projects')
    return resource.readsRequireSession && !SCOPE_FREE_READS.has(action) ? outOfScope('it covers some projects only') : null
  }
  if (scopeCovers(scope, resource.projectId)) return null
  return read && !resource.readsRequireSession ? null : outOfScope('it does not cover this project')
}

/** What each of the caller's active sessions lends, in the order the standing lists them. */
function lentScopes(actor: ActorFacts): SupportScope[] {
  return actor.supportScopes?.length ? actor.supportScopes : [actor.supportScope ?? FULL_SCOPE]
}

const supportModeOff = () => deny('SupportModeDisabled', 'Admin support mode is turned off on this server.')
const isSupportAction = (action: Action) => action.startsWith('workspace.support.')

/**
 * Actions a support session can never lend: approving or revoking belongs to the workspace's own admins,
 * and every action a server admin never takes (`NEVER_BY_SERVER_ADMIN`: the type asks for each of them).
 */
const NEVER_BY_SUPPORT: Record<'workspace.support.manage' | NeverByServerAdmin, string> = {
  'workspace.support.manage': 'Only the workspace’s own admins approve and revoke support sessions and set the support policy.',
  'workspace.support.policy.change': 'Only the workspace’s own admins approve and revoke support sessions and set the support policy.',
  'workspace.audit.cosign': 'Only the workspace’s own admins upload witness cosignatures: a witness checks the server, so a server admin cannot speak for it.',
}
const neverLent = (action: Action): action is keyof typeof NEVER_BY_SUPPORT => Object.hasOwn(NEVER_BY_SUPPORT, action)

/**
 * The one decision for every action (SPEC 3). Pure: all facts are passed in.
 * `subject` names who a membership or role change is about; a support session never lends a change
 * whose subject is the acting admin (SPEC 3.6), so the session leaves their own standing untouched.
 */
export function authorize(action: Action, actor: ActorFacts, resource: ResourceFacts, settings: ServerSettings, subject?: SubjectFacts): Decision {
  const isWorkspaceAction = resource.type === 'workspace'
  if (isWorkspaceAction && !settings.enterpriseLicense) return deny('WorkspacesNotEnabled', 'Workspaces need an Enterprise license.')
  // With support mode off nothing about support exists, for workspace Admins too (SPEC 3.4).
  if (isSupportAction(action) && !settings.supportMode) return supportModeOff()

  const personal = resource.type === 'project' && (!resource.inWorkspace || !settings.enterpriseLicense)
  if (personal) {
    // Personal projects, and every project without a license: explicit roles, and server admins act as owners.
    const role = actor.serverRole === 'admin' ? 'owner' : actor.projectRole
    return decideProjectByRole(action as ProjectAction, actor, { ...resource, inWorkspace: false }, role)
  }

  const own = decideAsMember(action, actor, resource, subject)
  // The workspace's checks on the server: a server admin's own Admin role never allows them (the table),
  // and below, no session lends them.
  const neverServerAdmin = own.authorized ? serverAdminRefusal(action, actor) : null
  if (neverServerAdmin) return neverServerAdmin
  if (own.authorized || actor.serverRole !== 'admin' || !settings.supportMode) return own

  if (actor.activeSupportSession && !neverLent(action)) {
    const elevated = decideAsMember(action, { ...actor, workspaceRole: 'admin', seat: 'editor' }, resource, subject)
    if (!elevated.authorized) return elevated
    // Several sessions at once lend what any one of them lends; the first that does is the one recorded.
    const scopes = lentScopes(actor)
    const refusals = scopes.map(scope => scopeRefusal(action, scope, resource, subject))
    const lentBy = refusals.indexOf(null)
    if (lentBy < 0) return refusals[0]!
    const which = scopes.length > 1 ? { lentBy } : {}
    if (isReadAction(action)) return { authorized: true, supportRead: true, ...which }
    if (subject?.isActor) return deny('SupportSelfGrant', 'A support session cannot change your own access. Ask a workspace admin to do it.')
    if (subject?.admitsServerAdmin) return deny('SupportSelfGrant', 'A support session cannot let a server admin into the workspace. One of its own Admins must approve this.')
    if (subject?.subjectIsServerAdmin) return deny('SupportSelfGrant', 'A support session cannot change a server admin’s standing in the workspace. One of its own Admins must do this.')
    if (subject?.vouchedByActor) return deny('SupportSelfGrant', 'A support session cannot verify a domain with your own email address. Ask a workspace admin to add it.')
    return { authorized: true, viaSupportSession: true, ...which }
  }
  if (isReadAction(action)) {
    // A workspace may ask that its data be read only under a session (SPEC 3.10): what asking needs is
    // served by Server Settings → Workspaces, outside this model.
    if (resource.readsRequireSession) return deny('SupportSessionRequired', 'This workspace lets server admins read its data only during an approved support session. Request support access first.')
    return { authorized: true, supportRead: true }
  }
  if (neverLent(action)) return deny('WorkspaceAdminRequired', NEVER_BY_SUPPORT[action])
  return deny('SupportSessionRequired', 'Server admins need an approved support session to change this workspace.')
}
