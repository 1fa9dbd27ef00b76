import { emptyParams } from '#shared/schemas/common'
import { createWebhookSchema } from '#shared/webhooks/schemas'
import { checkWebhookAddress, createWebhook } from '~~/server/services/webhooks/endpoints'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Adds an endpoint; the signing secret is in this answer only.
 * @answer webhookWithSecretAnswer
 */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: emptyParams,
  body: createWebhookSchema,
  precheck: checkWebhookAddress,
  status: 201,
  run: (scope, { body }) => createWebhook(scope, null, body),
})
