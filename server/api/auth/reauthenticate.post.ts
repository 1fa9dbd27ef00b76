import { reauthenticateSchema } from '#shared/schemas/auth'
import { reauthenticateWithPassword } from '~~/server/services/accounts/sudo'
import { requireBrowserSignIn } from '~~/server/gate/caller'

/**
 * Confirms the password on this sign-in (SPEC 3.11 sudo mode): for the next NUXT_REAUTH_WINDOW_MS it may
 * add or remove passkeys, create API tokens, add email addresses and delete the account. A passkey
 * confirms it too, through the step-up routes. Browser sign-ins only: an API token never confirms.
 */
export default defineEventHandler(async (event) => {
  const { actor, sid } = await requireBrowserSignIn(event)
  const { password } = await validBody(event, reauthenticateSchema)
  await reauthenticateWithPassword(event, actor.id, sid, password)
  setResponseStatus(event, 204)
  return null
})
