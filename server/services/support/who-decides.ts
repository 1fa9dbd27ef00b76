import { authorize, decidePolicyChange } from '#shared/permissions'
import { STEP_UP_WINDOW_MS } from '#shared/support/access'
import type { WriteScope } from '../write-scope'
import type { SupportSessionView } from './session-view'

type Decision = 'approve' | 'approve more time' | 'revoke'
type Guarded = Pick<WriteScope, 'actor'> & { workspace: { supportApprovalRequiresPasskey: boolean } }

/**
 * Who may move a support session (SPEC 3.7), stated once for every transition. The route lets in
 * whoever may read the workspace's sessions; then approving a request or more time takes a workspace
 * Admin (the permission model's `workspace.support.manage`, which no session lends) who is not the
 * requester, and revoking takes such an Admin or the requester, who may end their own.
 * Where the workspace's policy asks for it (SPEC 3.10 `approvalRequiresPasskey`), an Admin's decision
 * also needs their passkey, used on this sign-in in the last five minutes; a requester ending their own
 * session needs none. Answers whether the caller acts as the requester.
 */
export function mayDecide(scope: Pick<WriteScope, 'actor' | 'facts'> & Guarded, session: Pick<SupportSessionView, 'requestedBy'>, decision: Decision): { byRequester: boolean } {
  const byRequester = session.requestedBy.id === scope.actor.id
  const asAdmin = authorize('workspace.support.manage', scope.facts, { type: 'workspace' }, useServerSettings())
  if (decision === 'revoke') {
    if (!byRequester && !asAdmin.authorized) throw apiError('SupportSessionForbidden', 'Only workspace admins or the requester can revoke this session.')
    if (!byRequester) requireStepUp(scope, 'approve or revoke support access')
    return { byRequester }
  }
  if (byRequester) {
    throw apiError('SupportSessionSelfApproval', decision === 'approve' ? 'You cannot approve your own support request.' : 'You cannot approve your own request for more time.')
  }
  refuseUnless(asAdmin)
  requireStepUp(scope, 'approve or revoke support access')
  return { byRequester }
}

/**
 * Who changes the policy (SPEC 3.7): the permission model's `decidePolicyChange`, the same decision
 * the policy form shows: a workspace Admin who is not a server admin (the gate's
 * `workspace.support.manage` lets in a server admin who is also an Admin; this refuses them).
 * The policy guards itself (SPEC 3.11): while approvals need a passkey, changing the support policy in
 * any way, turning that rule off included, needs the same fresh passkey, or a stolen password or API
 * token would switch the rule off and approve. An API token can never step up, so it is told to use a
 * browser sign-in. With the rule off, the write gate's `workspace.support.manage` is all it takes.
 * Called inside the write, with the workspace as that transaction read it.
 */
export function mayChangePolicy(scope: Guarded & Pick<WriteScope, 'facts'>): void {
  const policyChange = decidePolicyChange(scope.facts, useServerSettings())
  // Named in full so the API reference lists this route's code (route-scan reads `apiError('…'`).
  if (!policyChange.authorized && policyChange.code === 'SupportPolicyServerAdmin') throw apiError('SupportPolicyServerAdmin', policyChange.message)
  refuseUnless(policyChange)
  if (!scope.workspace.supportApprovalRequiresPasskey) return
  if (scope.actor.via !== 'cookie') {
    throw apiError('BrowserSignInRequired', 'This workspace asks for a passkey to change its support policy: sign in through the browser to change it, an API token cannot.')
  }
  requireStepUp(scope, 'change its support policy')
}

/** A fresh passkey assertion on this sign-in, when the workspace asks for one; an API token has none. */
function requireStepUp(scope: Guarded, what: string) {
  if (!scope.workspace.supportApprovalRequiresPasskey) return
  const at = scope.actor.steppedUpAt?.getTime()
  if (at === undefined || Date.now() - at > STEP_UP_WINDOW_MS) {
    throw apiError('StepUpRequired', `This workspace asks for your passkey to ${what}: confirm with your passkey, then try again.`)
  }
}
