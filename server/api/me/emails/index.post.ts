import { addEmailSchema } from '#shared/schemas/account'
import { addEmail } from '~~/server/services/account-emails'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { email } = await validBody(event, addEmailSchema)
  setResponseStatus(event, 201)
  return addEmail(actor, email)
})
