import { supportSessionParams } from '#shared/support/schemas'
import { reviewSupportSchema } from '#shared/support/emergency'
import { reviewEmergencySession } from '~~/server/services/support/review'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * A workspace Admin reviews an emergency session, once: acknowledged or flagged, with a comment (SPEC 3.13).
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportSessionParams,
  body: reviewSupportSchema,
  action: 'workspace.support.manage',
  run: (scope, { params, body }) => reviewEmergencySession(scope, params.id, body),
})
