import type { AuthenticationResponseJSON } from '@simplewebauthn/types'
import { usePasskeySchema } from '#shared/schemas/passkeys'
import { signIn } from '~~/server/services/accounts/auth'
import { loadMe } from '~~/server/services/accounts/me'
import { verifyAuthentication } from '~~/server/services/accounts/passkeys'

/** Signs in with a passkey: its signature over the attempt's challenge names the account. */
export default defineEventHandler(async (event) => {
  const { attemptId, response } = await validBody(event, usePasskeySchema)
  const userId = await verifyAuthentication(event, 'sign-in', null, attemptId, response as AuthenticationResponseJSON)
  await signIn(event, userId, true)
  const { user } = await loadMe(userId)
  return { user }
})
