import { plainIdParams } from '#shared/schemas/workspaces'
import { unlockSignIn } from '~~/server/services/accounts/admin-users'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Clears an account's failed sign-ins, so its owner can sign in again at once (server admins).
 * @answer unlockSignInAnswer
 */
export default defineAccountWrite({
  params: plainIdParams,
  requires: 'serverAdmin',
  run: (scope, { params }) => unlockSignIn(scope, params.id),
})
