import { registrationOptions } from '~~/server/services/accounts/passkeys'
import { requireRecentBrowserSignIn } from '~~/server/gate/caller'

/**
 * Starts adding a passkey: WebAuthn creation options for the browser, and the attempt they belong to.
 * Sudo mode (SPEC 3.11): only a browser sign-in that confirmed its user a moment ago.
 */
export default defineEventHandler(async (event) => {
  const { actor } = await requireRecentBrowserSignIn(event)
  return registrationOptions(event, actor)
})
