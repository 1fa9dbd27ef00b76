import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { createWebhookSchema } from '#shared/webhooks/schemas'
import { checkWebhookAddress, createWebhook } from '~~/server/services/webhooks/endpoints'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * A workspace write like any other: a support session lends it (SPEC 3.9). The secret is in this answer only.
 * @answer webhookWithSecretAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: createWebhookSchema,
  precheck: checkWebhookAddress,
  action: 'workspace.update',
  status: 201,
  run: (scope, { body }) => createWebhook(scope, scope.workspace.id, body),
})
