import { pageQuerySchema } from '#shared/schemas/common'
import { workspaceWebhookParams } from '#shared/webhooks/schemas'
import { listDeliveries } from '~~/server/services/webhooks/endpoints'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * The delivery log, newest first.
 * @answer webhookDeliveriesAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug, id } = validParams(event, workspaceWebhookParams)
  const { page, pageSize } = validQuery(event, pageQuerySchema)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.integrations.read')
  return { ...await listDeliveries(workspace.id, id, page, pageSize), page, pageSize }
})
