import { authorize } from './authorize'
import type { Action, ActorFacts, ResourceFacts, ServerSettings } from './types'

/**
 * A permissions block as the API returns it: one boolean per capability, plus for each refused one
 * the model's message, which the UI shows as the reason a control is disabled.
 */
export type PermissionBlock<K extends string> = Record<K, boolean> & { reasons: Partial<Record<K, string>> }

function block<K extends string>(checks: Record<K, Action>, decide: (action: Action) => ReturnType<typeof authorize>): PermissionBlock<K> {
  const result = { reasons: {} } as PermissionBlock<K>
  for (const key of Object.keys(checks) as K[]) {
    const decision = decide(checks[key])
    ;(result as Record<K, boolean>)[key] = decision.authorized
    if (!decision.authorized) result.reasons[key] = decision.message
  }
  return result
}

const WORKSPACE_CHECKS = {
  canUpdate: 'workspace.update',
  canManageMembers: 'workspace.members.manage',
  canReadMembers: 'workspace.members.read',
  canCreateProject: 'workspace.projects.create',
  canManageSupport: 'workspace.support.manage',
  canReadSupport: 'workspace.support.read',
} as const satisfies Record<string, Action>

const PROJECT_CHECKS = {
  canRead: 'project.read',
  canComment: 'project.comment',
  canPublish: 'project.publish',
  canLoad: 'project.load',
  canUpdate: 'project.update',
  canDelete: 'project.delete',
  canManageCollaborators: 'project.collaborators.manage',
} as const satisfies Record<string, Action>

export type WorkspacePermissions = PermissionBlock<keyof typeof WORKSPACE_CHECKS>
export type ProjectPermissions = PermissionBlock<keyof typeof PROJECT_CHECKS>

export function workspacePermissions(actor: ActorFacts, settings: ServerSettings): WorkspacePermissions {
  return block(WORKSPACE_CHECKS, action => authorize(action, actor, { type: 'workspace' }, settings))
}

export function projectPermissions(actor: ActorFacts, project: Extract<ResourceFacts, { type: 'project' }>, settings: ServerSettings): ProjectPermissions {
  return block(PROJECT_CHECKS, action => authorize(action, actor, project, settings))
}
