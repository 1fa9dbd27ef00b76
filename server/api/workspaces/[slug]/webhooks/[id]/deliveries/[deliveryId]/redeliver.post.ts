import { workspaceDeliveryParams } from '#shared/webhooks/schemas'
import { redeliver } from '~~/server/services/webhooks/endpoints'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Sends a logged delivery again, as it was sent, as a new entry of the log.
 * @answer webhookRedeliveryAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceDeliveryParams,
  action: 'workspace.update',
  status: 202,
  rateLimits: (_actor, { params }) => [[RATE_LIMITS.testEvent, params.id]],
  run: (scope, { params }) => redeliver(scope, scope.workspace.id, params.id, params.deliveryId),
})
