import { adminSearchQuery } from '#shared/schemas/support'
import { listOutbox } from '~~/server/services/mail-outbox'

/** Every email the server queued, newest first, searchable by recipient or subject (server admins). */
export default defineEventHandler(async (event) => {
  const { page, pageSize, q } = validQuery(event, adminSearchQuery)
  await requireServerAdmin(event)
  return listOutbox(page, pageSize, q)
})
