import { updateWebhookSchema, workspaceWebhookParams } from '#shared/webhooks/schemas'
import { checkWebhookAddress, updateWebhook } from '~~/server/services/webhooks/endpoints'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Changes an endpoint: its address, events, format, or enabled.
 * @answer webhookUpdatedAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  body: updateWebhookSchema,
  precheck: checkWebhookAddress,
  action: 'workspace.update',
  run: (scope, { params, body }) => updateWebhook(scope, scope.workspace.id, params.id, body),
})
