import { webhookParams } from '#shared/webhooks/schemas'
import { deleteWebhook } from '~~/server/services/webhooks/endpoints'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  status: 204,
  run: (scope, { params }) => deleteWebhook(scope, null, params.id),
})
