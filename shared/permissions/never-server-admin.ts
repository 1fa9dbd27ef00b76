import type { ErrorCode } from '../error-codes'
import { deny } from './decision'
import type { Action, ActorFacts, Decision } from './types'

/**
 * What a server admin never does in a workspace, member or not, with a support session or without, by
 * cookie or token: each is one of the workspace's own checks on the server, and a guard never yields to
 * the credential it guards against. The support policy (SPEC 3.7) sets what server admins may do (read,
 * ask, start emergency access, be approved automatically): a server admin who is also an Admin would
 * otherwise switch on emergency access and use it. A witness (SPEC 3.14) checks the server: a server admin
 * cannot speak for it. Each row is the refusal a server admin gets where their own standing (an Admin
 * role) would allow the action; no support session lends these (`NEVER_BY_SUPPORT`), so a server admin
 * outside the workspace is refused as any non-Admin is.
 */
export const NEVER_BY_SERVER_ADMIN = {
  'workspace.support.policy.change': {
    code: 'SupportPolicyServerAdmin',
    message: 'Server admins never change a workspace’s support policy, even as one of its Admins: the policy sets what server admins may do. Ask another Admin of the workspace.',
  },
  'workspace.audit.cosign': {
    code: 'AuditWitnessServerAdmin',
    message: 'Server admins never upload witness cosignatures, even as one of the workspace’s Admins: a witness checks the server. Run the witness with another Admin’s token.',
  },
} as const satisfies Partial<Record<Action, { code: ErrorCode, message: string }>>

export type NeverByServerAdmin = keyof typeof NEVER_BY_SERVER_ADMIN

const isNeverByServerAdmin = (action: Action): action is NeverByServerAdmin => Object.hasOwn(NEVER_BY_SERVER_ADMIN, action)

/** The table's refusal when the actor is a server admin and the action is one of its rows; null otherwise. */
export function serverAdminRefusal(action: Action, actor: ActorFacts): Decision | null {
  if (actor.serverRole !== 'admin' || !isNeverByServerAdmin(action)) return null
  const { code, message } = NEVER_BY_SERVER_ADMIN[action]
  return deny(code, message)
}
