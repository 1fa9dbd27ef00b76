import { workspaceWebhookParams } from '#shared/webhooks/schemas'
import { deleteWebhook } from '~~/server/services/webhooks/endpoints'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  action: 'workspace.update',
  status: 204,
  run: (scope, { params }) => deleteWebhook(scope, scope.workspace.id, params.id),
})
