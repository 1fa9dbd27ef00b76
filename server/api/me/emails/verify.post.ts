import { verifyEmailSchema } from '#shared/schemas/account'
import { verifyEmail } from '~~/server/services/account-emails'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { token } = await validBody(event, verifyEmailSchema)
  return verifyEmail(actor, token)
})
