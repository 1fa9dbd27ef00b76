import { deny } from './decision'
import type { NeverByServerAdmin } from './never-server-admin'
import { decideAsMember } from './own-standing'
import { isReadAction } from './read-actions'
import { lentScopes, scopeRefusal } from './scope-refusal'
import type { Action, ActorFacts, Decision, ResourceFacts, SubjectFacts } from './types'

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
 * What a server admin in support mode may do beyond their own standing (SPEC 3.4, 3.6, 3.10, 3.12), asked
 * by `authorize` once that standing refused: with an active session, what its scope lends, never a change
 * to a server admin's own standing; without one, reads (unless the workspace asks for a session) only.
 */
export function decideInSupportMode(action: Action, actor: ActorFacts, resource: ResourceFacts, subject?: SubjectFacts): Decision {
  if (actor.activeSupportSession && !neverLent(action)) return decideBySession(action, actor, resource, subject)
  if (isReadAction(action)) {
    // A workspace may ask that its data be read only under a session (SPEC 3.10): what asking needs is
    // served by Server Settings → Workspaces, outside this model.
    if (resource.readsRequireSession) return deny('SupportSessionRequired', 'This workspace lets server admins read its data only during an approved support session. Request support access first.')
    return { authorized: true, supportRead: true }
  }
  if (neverLent(action)) return deny('WorkspaceAdminRequired', NEVER_BY_SUPPORT[action])
  return deny('SupportSessionRequired', 'Server admins need an approved support session to change this workspace.')
}

/**
 * A session lends what a workspace Admin may do, within its scope. `subject` names who a membership or
 * role change is about; a session never lends a change whose subject is the acting admin or any server
 * admin (SPEC 3.6), so it leaves their standing untouched.
 */
function decideBySession(action: Action, actor: ActorFacts, resource: ResourceFacts, subject?: SubjectFacts): Decision {
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
