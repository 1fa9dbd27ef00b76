import { projectRoleRank, type ProjectRole } from '../roles'
import { effectiveProjectRole } from './effective-role'
import { allow, deny } from './decision'
import type { Action, ActorFacts, Decision, ProjectAction, ResourceFacts, SubjectFacts, WorkspaceAction } from './types'

/**
 * What the caller's own standing allows (SPEC 3.1–3.3): their workspace role and seat, their project
 * role. No support session or support mode counts here; `authorize` adds those for server admins.
 */

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

export function decideProjectByRole(action: ProjectAction, actor: ActorFacts, project: ProjectFacts, role: ProjectRole | null): Decision {
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

export function decideAsMember(action: Action, actor: ActorFacts, resource: ResourceFacts, subject?: SubjectFacts): Decision {
  if (resource.type === 'workspace') return decideWorkspaceAsMember(action as WorkspaceAction, actor)
  const byRole = decideProjectByRole(action as ProjectAction, actor, resource, effectiveProjectRole(actor, resource))
  // Adding an outsider to a project brings them into the workspace: only its Admins do that (SPEC 3.3).
  if (byRole.authorized && subject?.joinsWorkspace && resource.inWorkspace && actor.workspaceRole !== 'admin') {
    return deny('WorkspaceInviteAdminOnly', 'Only workspace Admins can add people from outside the workspace.')
  }
  return byRole
}
