import { workspaceWebhookParams } from '#shared/webhooks'
import { deleteWebhook } from '~~/server/services/webhooks/endpoints'

export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  action: 'workspace.update',
  status: 204,
  run: (scope, { params }) => deleteWebhook(scope, scope.workspace.id, params.id),
})
