import { authenticationOptions } from '~~/server/services/accounts/passkeys'
import { requireBrowserSignIn } from '~~/server/gate/caller'

/** Starts a step-up (SPEC 3.10): WebAuthn request options for the signed-in user's own passkeys. */
export default defineEventHandler(async (event) => {
  const { actor } = await requireBrowserSignIn(event)
  return authenticationOptions(event, 'step-up', actor.id)
})
