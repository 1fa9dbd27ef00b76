import { authenticationOptions } from '~~/server/services/accounts/passkeys'
import { RATE_LIMITS, takeHits } from '~~/server/services/access/rate-limits'

/** Starts a sign-in with a passkey: WebAuthn request options for whichever of this site's passkeys the browser holds. */
export default defineEventHandler(async (event) => {
  await takeHits(event, [[RATE_LIMITS.passkeySignIn, clientAddress(event)]])
  return authenticationOptions(event, 'sign-in', null)
})
