import { registrationOptions } from '~~/server/services/accounts/passkeys'
import { requireActor } from '~~/server/gate/caller'

/** Starts adding a passkey: WebAuthn creation options for the browser, and the attempt they belong to. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  if (actor.via !== 'cookie') throw apiError('BrowserSignInRequired', 'Sign in through the browser to add a passkey: an API token cannot.')
  return registrationOptions(event, actor)
})
