import { FULL_SCOPE, scopeCovers, type SupportScope } from '../support/scope'
import { deny } from './decision'
import { isReadAction } from './read-actions'
import type { Action, ActorFacts, Decision, ResourceFacts, SubjectFacts } from './types'

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
export function scopeRefusal(action: Action, scope: SupportScope, resource: ResourceFacts, subject?: SubjectFacts): Decision | null {
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
export function lentScopes(actor: ActorFacts): SupportScope[] {
  return actor.supportScopes?.length ? actor.supportScopes : [actor.supportScope ?? FULL_SCOPE]
}
