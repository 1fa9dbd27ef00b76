import { workspaceDeliveryParams } from '#shared/webhooks'
import { redeliver } from '~~/server/services/webhooks/endpoints'
import { RATE_LIMITS } from '~~/server/services/rate-limits'

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
