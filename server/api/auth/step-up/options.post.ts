import { authenticationOptions } from '~~/server/services/accounts/passkeys'
import { requireActor } from '~~/server/gate/caller'

/** Starts a step-up (SPEC 3.10): WebAuthn request options for the signed-in user's own passkeys. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  if (actor.via !== 'cookie') throw apiError('BrowserSignInRequired', 'A step-up proves a browser sign-in: an API token cannot make one.')
  return authenticationOptions(event, 'step-up', actor.id)
})
