import type { RegistrationResponseJSON } from '@simplewebauthn/types'
import { emptyParams } from '#shared/schemas/common'
import { addPasskeySchema } from '#shared/schemas/passkeys'
import { addPasskey, verifyRegistration } from '~~/server/services/accounts/passkeys'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** Finishes adding a passkey: the browser's new credential, checked against the attempt's challenge. */
export default defineAccountWrite({
  params: emptyParams,
  body: addPasskeySchema,
  status: 201,
  requires: ['browser', 'recentSignIn'],
  prepare: (actor, { body }, event) => verifyRegistration(event, actor.id, body.attemptId, body.response as RegistrationResponseJSON),
  run: (scope, { body }, verified) => addPasskey(scope, body.name, verified),
})
