import { authorize } from '#shared/permissions'
import { STEP_UP_WINDOW_MS } from '#shared/support/access'
import type { WriteScope } from '../write-scope'
import type { SupportSessionView } from './queries'

type Decision = 'approve' | 'approve more time' | 'revoke'

/**
 * Who may move a support session (SPEC 3.7), stated once for every transition. The route lets in
 * whoever may read the workspace's sessions; then approving a request or more time takes a workspace
 * Admin (the permission model's `workspace.support.manage`, which no session lends) who is not the
 * requester, and revoking takes such an Admin or the requester, who may end their own.
 * Where the workspace's policy asks for it (SPEC 3.10 `approvalRequiresPasskey`), an Admin's decision
 * also needs their passkey, used on this sign-in in the last five minutes; a requester ending their own
 * session needs none. Answers whether the caller acts as the requester.
 */
export function mayDecide(scope: Pick<WriteScope, 'actor' | 'facts'> & { workspace: { supportApprovalRequiresPasskey: boolean } }, session: Pick<SupportSessionView, 'requestedBy'>, decision: Decision): { byRequester: boolean } {
  const byRequester = session.requestedBy.id === scope.actor.id
  const asAdmin = authorize('workspace.support.manage', scope.facts, { type: 'workspace' }, useServerSettings())
  if (decision === 'revoke') {
    if (!byRequester && !asAdmin.authorized) throw apiError('SupportSessionForbidden', 'Only workspace admins or the requester can revoke this session.')
    if (!byRequester) requireStepUp(scope)
    return { byRequester }
  }
  if (byRequester) {
    throw apiError('SupportSessionSelfApproval', decision === 'approve' ? 'You cannot approve your own support request.' : 'You cannot approve your own request for more time.')
  }
  refuseUnless(asAdmin)
  requireStepUp(scope)
  return { byRequester }
}

/** A fresh passkey assertion on this sign-in, when the workspace asks for one; an API token has none. */
function requireStepUp(scope: Pick<WriteScope, 'actor'> & { workspace: { supportApprovalRequiresPasskey: boolean } }) {
  if (!scope.workspace.supportApprovalRequiresPasskey) return
  const at = scope.actor.steppedUpAt?.getTime()
  if (at === undefined || Date.now() - at > STEP_UP_WINDOW_MS) {
    throw apiError('StepUpRequired', 'This workspace asks for your passkey to approve or revoke support access: confirm with your passkey, then try again.')
  }
}
