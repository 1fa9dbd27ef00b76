import { webhookParams } from '#shared/webhooks/schemas'
import { rotateWebhookSecret } from '~~/server/services/webhooks/endpoints'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** @answer webhookWithSecretAnswer */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  run: (scope, { params }) => rotateWebhookSecret(scope, null, params.id),
})
