import { webhookParams } from '#shared/webhooks'
import { deleteWebhook } from '~~/server/services/webhooks/endpoints'

export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  status: 204,
  run: (scope, { params }) => deleteWebhook(scope, null, params.id),
})
