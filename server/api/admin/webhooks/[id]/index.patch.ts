import { updateWebhookSchema, webhookParams } from '#shared/webhooks/schemas'
import { checkWebhookAddress, updateWebhook } from '~~/server/services/webhooks/endpoints'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Changes an endpoint: its address, events, format, or enabled.
 * @answer webhookUpdatedAnswer
 */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  body: updateWebhookSchema,
  precheck: checkWebhookAddress,
  run: (scope, { params, body }) => updateWebhook(scope, null, params.id, body),
})
