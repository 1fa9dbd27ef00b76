import { webhookParams } from '#shared/webhooks'
import { rotateWebhookSecret } from '~~/server/services/webhooks/endpoints'

/** @answer webhookWithSecretAnswer */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  run: (scope, { params }) => rotateWebhookSecret(scope, null, params.id),
})
