import { pageQuerySchema } from '#shared/schemas/common'
import { webhookParams } from '#shared/webhooks/schemas'
import { listDeliveries } from '~~/server/services/webhooks/endpoints'
import { requireServerAdmin } from '~~/server/gate/caller'

/**
 * The delivery log, newest first.
 * @answer webhookDeliveriesAnswer
 */
export default defineEventHandler(async (event) => {
  const { id } = validParams(event, webhookParams)
  const { page, pageSize } = validQuery(event, pageQuerySchema)
  await requireServerAdmin(event)
  return { ...await listDeliveries(null, id, page, pageSize), page, pageSize }
})
