import { workspaceWebhookParams } from '#shared/webhooks/schemas'
import { rotateWebhookSecret } from '~~/server/services/webhooks/endpoints'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * A new signing secret, shown once in this answer.
 * @answer webhookWithSecretAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  action: 'workspace.update',
  run: (scope, { params }) => rotateWebhookSecret(scope, scope.workspace.id, params.id),
})
