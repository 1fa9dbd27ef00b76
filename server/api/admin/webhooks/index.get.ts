import { listWebhooks } from '~~/server/services/webhooks/endpoints'
import { requireServerAdmin } from '~~/server/gate/caller'

/**
 * Server-wide webhooks: every workspace's events (SPEC 3.9).
 * @answer webhookListAnswer
 */
export default defineEventHandler(async (event) => {
  await requireServerAdmin(event)
  return { items: await listWebhooks(null) }
})
