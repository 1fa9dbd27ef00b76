import { emptyParams } from '#shared/schemas/common'
import { changePasswordSchema } from '#shared/schemas/password'
import { changePassword, preparePasswordChange } from '~~/server/services/accounts/auth'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** Changing the password ends every session and API token of the account, this one included. */
export default defineAccountWrite({
  params: emptyParams,
  body: changePasswordSchema,
  status: 204,
  rateLimits: actor => [[RATE_LIMITS.passwordChange, actor.id]],
  prepare: (actor, { body }) => preparePasswordChange(actor.id, body.currentPassword, body.newPassword),
  run: ({ tx, actor }, _input, prepared) => changePassword(tx, actor.id, prepared),
  after: async (event) => {
    await clearUserSession(event)
  },
})
