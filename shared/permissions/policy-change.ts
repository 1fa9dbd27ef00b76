import { authorize } from './authorize'
import type { ActorFacts, Decision, ServerSettings } from './types'

/**
 * Who may change a workspace's support policy (SPEC 3.7): its own Admins, as `workspace.support.manage`
 * asks, which no session lends, and never a server admin, even one who is also an Admin of the workspace,
 * with a session or without (`NEVER_BY_SERVER_ADMIN`, never-server-admin.ts, says why). The policy
 * route asks this inside its write (`mayChangePolicy`) and the policy form shows its message.
 */
export function decidePolicyChange(actor: ActorFacts, settings: ServerSettings): Decision {
  return authorize('workspace.support.policy.change', actor, { type: 'workspace' }, settings)
}
