import { webhookParams } from '#shared/webhooks/schemas'
import { sendTestEvent } from '~~/server/services/webhooks/endpoints'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** @answer webhookTestAnswer */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  status: 202,
  rateLimits: (_actor, { params }) => [[RATE_LIMITS.testEvent, params.id]],
  run: (scope, { params }) => sendTestEvent(scope, null, params.id),
})
