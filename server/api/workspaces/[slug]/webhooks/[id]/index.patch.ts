import { updateWebhookSchema, workspaceWebhookParams } from '#shared/webhooks'
import { checkWebhookAddress, updateWebhook } from '~~/server/services/webhooks/endpoints'

export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  body: updateWebhookSchema,
  precheck: checkWebhookAddress,
  action: 'workspace.update',
  run: (scope, { params, body }) => updateWebhook(scope, scope.workspace.id, params.id, body),
})
