import { emptyParams } from '#shared/schemas/common'
import { changePasswordSchema } from '#shared/schemas/password'
import { changePassword, preparePasswordChange } from '~~/server/services/accounts/auth'
import { deleteAllPasskeys } from '~~/server/services/accounts/passkeys'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Changing the password ends every session and API token of the account, this one included; with
 * `removePasskeys` it removes every passkey too, each audited (SPEC 3.11), in the same transaction.
 */
export default defineAccountWrite({
  params: emptyParams,
  body: changePasswordSchema,
  status: 204,
  rateLimits: actor => [[RATE_LIMITS.passwordChange, actor.id]],
  prepare: (actor, { body }) => preparePasswordChange(actor.id, body.currentPassword, body.newPassword),
  run: async (scope, { body }, prepared) => {
    await changePassword(scope.tx, scope.actor.id, prepared)
    if (body.removePasskeys) await deleteAllPasskeys(scope)
  },
  after: async (event) => {
    await clearUserSession(event)
  },
})
