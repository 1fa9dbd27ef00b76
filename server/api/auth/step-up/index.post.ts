import type { AuthenticationResponseJSON } from '@simplewebauthn/types'
import { usePasskeySchema } from '#shared/schemas/passkeys'
import { STEP_UP_WINDOW_MS } from '#shared/support/access'
import { markSteppedUp, verifyAuthentication } from '~~/server/services/accounts/passkeys'
import { sessionId } from '~~/server/services/accounts/sessions'
import { requireActor } from '~~/server/gate/caller'

/**
 * Finishes a step-up: the signed-in user's passkey signed the attempt's challenge, so this sign-in may
 * approve or revoke support where a workspace asks for a passkey, for the next five minutes.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const sid = actor.via === 'cookie' ? await sessionId(event) : undefined
  if (!sid) throw apiError('BrowserSignInRequired', 'A step-up proves a browser sign-in: an API token cannot make one.')
  const { attemptId, response } = await validBody(event, usePasskeySchema)
  await verifyAuthentication(event, 'step-up', actor.id, attemptId, response as AuthenticationResponseJSON)
  const at = new Date()
  await markSteppedUp(sid, at)
  return { steppedUpAt: at.toISOString(), validUntil: new Date(at.getTime() + STEP_UP_WINDOW_MS).toISOString() }
})
