import { registrationOptions } from '~~/server/services/accounts/passkeys'
import { requireBrowserSignIn } from '~~/server/gate/caller'

/** Starts adding a passkey: WebAuthn creation options for the browser, and the attempt they belong to. */
export default defineEventHandler(async (event) => {
  const { actor } = await requireBrowserSignIn(event)
  return registrationOptions(event, actor)
})
