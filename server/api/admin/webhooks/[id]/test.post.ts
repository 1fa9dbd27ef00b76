import { webhookParams } from '#shared/webhooks'
import { sendTestEvent } from '~~/server/services/webhooks/endpoints'

/** @answer webhookTestAnswer */
export default defineAccountWrite({
  requires: 'serverAdmin',
  params: webhookParams,
  status: 202,
  run: (scope, { params }) => sendTestEvent(scope, null, params.id),
})
