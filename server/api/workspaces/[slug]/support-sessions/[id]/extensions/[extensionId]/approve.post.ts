import { approveExtensionSchema, supportExtensionParams } from '#shared/support/schemas'
import { decideExtension } from '~~/server/services/support/extensions'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Approves a request for more time: the session's expiry moves to the one asked for, or to an earlier
 * one the approver chose, with a comment for the holder (SPEC 3.7).
 * Reading the sessions lets the caller in; the transition itself decides who may decide.
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportExtensionParams,
  body: approveExtensionSchema,
  action: 'workspace.support.read',
  run: (scope, { params, body }) => decideExtension(scope, params.id, params.extensionId, 'approve', body),
})
