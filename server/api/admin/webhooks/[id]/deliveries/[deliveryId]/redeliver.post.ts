import { deliveryParams } from '#shared/webhooks/schemas'
import { redeliver } from '~~/server/services/webhooks/endpoints'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Sends a logged delivery of a server webhook again, as it was sent, as a new entry of the log.
 * @answer webhookRedeliveryAnswer
 */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: deliveryParams,
  status: 202,
  rateLimits: (_actor, { params }) => [[RATE_LIMITS.testEvent, params.id]],
  run: (scope, { params }) => redeliver(scope, null, params.id, params.deliveryId),
})
