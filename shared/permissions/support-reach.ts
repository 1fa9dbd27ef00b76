import { authorize } from './authorize'
import type { ActorFacts, ResourceFacts, ServerSettings } from './types'

/**
 * Whose support sessions a reader sees (SPEC 3.10, 3.12): everyone's, unless they are a server admin whom
 * the model refuses the workspace's support area because their reads need a session they lack or their
 * session covers some projects only. Those see their own sessions, never the others' scopes and their
 * projects' names. Members see every active one in the banner (SPEC 3.8) whatever this says of the rest.
 */
export function supportSessionsShown(actor: ActorFacts, resource: ResourceFacts, settings: ServerSettings): 'all' | 'own' {
  const decision = authorize('workspace.support.read', actor, resource, settings)
  return !decision.authorized && (decision.code === 'SupportSessionOutOfScope' || decision.code === 'SupportSessionRequired') ? 'own' : 'all'
}
