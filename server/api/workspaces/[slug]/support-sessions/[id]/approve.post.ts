import { approveSupportSchema, supportSessionParams } from '#shared/support/schemas'
import { approveSupportSession } from '~~/server/services/support/transitions'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Approves a request, optionally with an earlier expiry and a comment for the requester (SPEC 3.7).
 * Reading the sessions lets the caller in; the transition itself decides who may approve.
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportSessionParams,
  body: approveSupportSchema,
  action: 'workspace.support.read',
  run: (scope, { params, body }) => approveSupportSession(scope, params.id, body),
})
