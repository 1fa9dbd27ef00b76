import { workspaceWebhookParams } from '#shared/webhooks/schemas'
import { sendTestEvent } from '~~/server/services/webhooks/endpoints'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Queues one `webhook.test` delivery; its outcome appears in the delivery log.
 * @answer webhookTestAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  action: 'workspace.update',
  status: 202,
  rateLimits: (_actor, { params }) => [[RATE_LIMITS.testEvent, params.id]],
  run: (scope, { params }) => sendTestEvent(scope, scope.workspace.id, params.id),
})
