import { pageQuerySchema } from '#shared/schemas/common'
import { webhookParams } from '#shared/webhooks/schemas'
import { listDeliveries } from '~~/server/services/webhooks/endpoints'
import { requireServerAdmin } from '~~/server/gate/caller'
import { readAcrossWorkspaces } from '~~/server/gate/server-wide'

/**
 * The delivery log, newest first; each workspace's deliveries as reading its webhooks through the read gate would show them.
 * @answer webhookDeliveriesAnswer
 */
export default defineEventHandler(async (event) => {
  const { id } = validParams(event, webhookParams)
  const { page, pageSize } = validQuery(event, pageQuerySchema)
  const actor = await requireServerAdmin(event)
  const lens = readAcrossWorkspaces(event, actor, 'workspace.integrations.read', { type: 'webhooks' })
  return { ...await listDeliveries(null, id, page, pageSize, lens), page, pageSize }
})
