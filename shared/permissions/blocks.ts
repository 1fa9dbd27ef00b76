import { authorize } from './authorize'
import type { ErrorCode } from '../error-codes'
import type { Action, ActorFacts, Decision, ResourceFacts, ServerSettings } from './types'

/** One capability as the API reports it: exactly the model's decision, without internal markers. */
export type PermissionEntry = { authorized: true } | { authorized: false, code: ErrorCode, message: string }

/**
 * A permissions block as the API returns it (SPEC 3): each capability is the model's decision,
 * `{authorized: true}` or `{authorized: false, code, message}`. Scripts branch on the code; the UI
 * shows the message as the reason a control is disabled.
 */
export type PermissionBlock<K extends string> = Record<K, PermissionEntry>

export function permissionEntry(decision: Decision): PermissionEntry {
  return decision.authorized ? { authorized: true } : { authorized: false, code: decision.code, message: decision.message }
}

function block<K extends string>(checks: Record<K, Action>, decide: (action: Action) => Decision): PermissionBlock<K> {
  const result = {} as PermissionBlock<K>
  for (const key of Object.keys(checks) as K[]) result[key] = permissionEntry(decide(checks[key]))
  return result
}

const WORKSPACE_CHECKS = {
  canUpdate: 'workspace.update',
  canManageMembers: 'workspace.members.manage',
  canReadMembers: 'workspace.members.read',
  canReadInvites: 'workspace.invites.read',
  canCreateProject: 'workspace.projects.create',
  canManageSupport: 'workspace.support.manage',
  canReadSupport: 'workspace.support.read',
  canReadAudit: 'workspace.audit.read',
  canReadIntegrations: 'workspace.integrations.read',
  /** The policy's own rule (SPEC 3.7): an Admin who is not a server admin. */
  canChangeSupportPolicy: 'workspace.support.policy.change',
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

/** The reason a capability is refused, for a disabled control; undefined when it is allowed. */
export function refusal(entry: PermissionEntry | undefined): string | undefined {
  return entry && !entry.authorized ? entry.message : undefined
}
