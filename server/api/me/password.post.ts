import { changePasswordSchema } from '#shared/schemas/password'
import { changePassword } from '~~/server/services/auth'

/** Changing the password ends every session and API token of the account, this one included. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { currentPassword, newPassword } = await validBody(event, changePasswordSchema)
  await changePassword(actor.id, currentPassword, newPassword)
  await clearUserSession(event)
  setResponseStatus(event, 204)
  return null
})
