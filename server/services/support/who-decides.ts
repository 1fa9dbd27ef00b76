import { authorize } from '#shared/permissions'
import type { WriteScope } from '../write-scope'
import type { SupportSessionView } from './queries'

type Decision = 'approve' | 'approve more time' | 'revoke'

/**
 * Who may move a support session (SPEC 3.7), stated once for every transition. The route lets in
 * whoever may read the workspace's sessions; then approving a request or more time takes a workspace
 * Admin (the permission model's `workspace.support.manage`, which no session lends) who is not the
 * requester, and revoking takes such an Admin or the requester, who may end their own.
 * Answers whether the caller acts as the requester.
 */
export function mayDecide(scope: Pick<WriteScope, 'actor' | 'facts'>, session: Pick<SupportSessionView, 'requestedBy'>, decision: Decision): { byRequester: boolean } {
  const byRequester = session.requestedBy.id === scope.actor.id
  const asAdmin = authorize('workspace.support.manage', scope.facts, { type: 'workspace' }, useServerSettings())
  if (decision === 'revoke') {
    if (!byRequester && !asAdmin.authorized) throw apiError('SupportSessionForbidden', 'Only workspace admins or the requester can revoke this session.')
    return { byRequester }
  }
  if (byRequester) {
    throw apiError('SupportSessionSelfApproval', decision === 'approve' ? 'You cannot approve your own support request.' : 'You cannot approve your own request for more time.')
  }
  refuseUnless(asAdmin)
  return { byRequester }
}
