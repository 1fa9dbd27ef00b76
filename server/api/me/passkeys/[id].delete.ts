import { plainIdParams } from '#shared/schemas/workspaces'
import { deletePasskey } from '~~/server/services/accounts/passkeys'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** Removes a passkey of the signed-in user: a stolen sign-in must not remove the owner's own (SPEC 3.11). */
export default defineAccountWrite({
  params: plainIdParams,
  status: 204,
  requires: 'recentSignIn',
  run: (scope, { params }) => deletePasskey(scope, params.id),
})
