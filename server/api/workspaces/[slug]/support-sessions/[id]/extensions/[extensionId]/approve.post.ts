import { supportExtensionParams } from '#shared/support/schemas'
import { decideExtension } from '~~/server/services/support/extensions'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Approves a request for more time: the session's expiry moves to the one asked for (SPEC 3.7).
 * Reading the sessions lets the caller in; the transition itself decides who may decide.
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportExtensionParams,
  action: 'workspace.support.read',
  run: (scope, { params }) => decideExtension(scope, params.id, params.extensionId, 'approve'),
})
