import { authorize } from './authorize'
import { deny } from './decision'
import type { ActorFacts, Decision, ServerSettings } from './types'

/**
 * Who may change a workspace's support policy (SPEC 3.7): its own Admins (`workspace.support.manage`,
 * which no session lends), and never a server admin, even one who is also an Admin of the workspace,
 * with a session or without. The policy is the guard that governs server admins (who may read, ask,
 * start emergency access, be approved automatically); a guard never yields to the credential it guards
 * against, or a server admin with a membership would switch on emergency access and use it.
 * The policy route asks this inside its write (`mayChangePolicy`) and the policy form shows its message.
 */
export function decidePolicyChange(actor: ActorFacts, settings: ServerSettings): Decision {
  const asAdmin = authorize('workspace.support.manage', actor, { type: 'workspace' }, settings)
  if (!asAdmin.authorized) return asAdmin
  if (actor.serverRole === 'admin') {
    return deny('SupportPolicyServerAdmin', 'Server admins never change a workspace’s support policy, even as one of its Admins: the policy sets what server admins may do. Ask another Admin of the workspace.')
  }
  return asAdmin
}
