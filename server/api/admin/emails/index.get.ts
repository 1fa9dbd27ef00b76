import { adminSearchQuery } from '#shared/support/schemas'
import { listOutbox } from '~~/server/services/mail/outbox'
import { requireServerAdmin } from '~~/server/gate/caller'

/** Every email the server queued, newest first, searchable by recipient or subject (server admins). */
export default defineEventHandler(async (event) => {
  const { page, pageSize, q } = validQuery(event, adminSearchQuery)
  await requireServerAdmin(event)
  return listOutbox(page, pageSize, q)
})
