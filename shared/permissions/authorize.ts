import { deny } from './decision'
import { serverAdminRefusal } from './never-server-admin'
import { decideAsMember, decideProjectByRole } from './own-standing'
import { decideInSupportMode } from './support-mode'
import type { Action, ActorFacts, Decision, ProjectAction, ResourceFacts, ServerSettings, SubjectFacts } from './types'

const supportModeOff = () => deny('SupportModeDisabled', 'Admin support mode is turned off on this server.')
const isSupportAction = (action: Action) => action.startsWith('workspace.support.')

/**
 * The one decision for every action (SPEC 3). Pure: all facts are passed in. In order: the license and
 * support mode; personal projects; the caller's own standing (own-standing.ts), which a server admin's
 * Admin role never lends what the server-admin table holds (never-server-admin.ts); then, for a server
 * admin in support mode, what support mode and their sessions lend (support-mode.ts).
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
  // and no session lends them (support-mode.ts).
  const neverServerAdmin = own.authorized ? serverAdminRefusal(action, actor) : null
  if (neverServerAdmin) return neverServerAdmin
  if (own.authorized || actor.serverRole !== 'admin' || !settings.supportMode) return own
  return decideInSupportMode(action, actor, resource, subject)
}
