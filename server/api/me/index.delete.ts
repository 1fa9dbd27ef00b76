import { emptyParams } from '#shared/schemas/common'
import { deleteOwnAccount } from '~~/server/services/accounts/users'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Deletes the signed-in user's own account, under the rules of an admin's deletion (a workspace keeps an
 * Admin), recorded in every chain it touched. Sudo mode (SPEC 3.11): a stolen sign-in cannot do it.
 */
export default defineAccountWrite({
  params: emptyParams,
  status: 204,
  requires: 'recentSignIn',
  run: scope => deleteOwnAccount(scope),
  after: async (event) => {
    await clearUserSession(event)
  },
})
