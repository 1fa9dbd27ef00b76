import { pageQuerySchema } from '#shared/schemas/common'
import { listOutbox } from '~~/server/services/mail-outbox'

export default defineEventHandler(async (event) => {
  const { page, pageSize } = validQuery(event, pageQuerySchema)
  await requireServerAdmin(event)
  return listOutbox(page, pageSize)
})
