import { workspaceWebhookParams } from '#shared/webhooks'
import { rotateWebhookSecret } from '~~/server/services/webhooks/endpoints'

/**
 * A new signing secret, shown once in this answer.
 * @answer webhookWithSecretAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceWebhookParams,
  action: 'workspace.update',
  run: (scope, { params }) => rotateWebhookSecret(scope, scope.workspace.id, params.id),
})
