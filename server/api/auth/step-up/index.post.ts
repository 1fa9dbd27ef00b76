import type { AuthenticationResponseJSON } from '@simplewebauthn/types'
import { usePasskeySchema } from '#shared/schemas/passkeys'
import { STEP_UP_WINDOW_MS } from '#shared/support/access'
import { markSteppedUp, verifyAuthentication } from '~~/server/services/accounts/passkeys'
import { requireBrowserSignIn } from '~~/server/gate/caller'

/**
 * Finishes a step-up: the signed-in user's passkey signed the attempt's challenge, so this sign-in may
 * approve or revoke support where a workspace asks for a passkey, for the next five minutes.
 */
export default defineEventHandler(async (event) => {
  const { actor, sid } = await requireBrowserSignIn(event)
  const { attemptId, response } = await validBody(event, usePasskeySchema)
  await verifyAuthentication(event, 'step-up', actor.id, attemptId, response as AuthenticationResponseJSON)
  const at = new Date()
  await markSteppedUp(sid, at)
  return { steppedUpAt: at.toISOString(), validUntil: new Date(at.getTime() + STEP_UP_WINDOW_MS).toISOString() }
})
