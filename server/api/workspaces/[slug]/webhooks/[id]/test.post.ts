import { workspaceWebhookParams } from '#shared/webhooks'
import { sendTestEvent } from '~~/server/services/webhooks/endpoints'

/**
 * Queues one `webhook.test` delivery; its outcome appears in the delivery log.
 * @answer webhookTestAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  action: 'workspace.update',
  status: 202,
  run: (scope, { params }) => sendTestEvent(scope, scope.workspace.id, params.id),
})
