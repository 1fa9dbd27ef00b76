import { emptyParams } from '#shared/schemas/common'
import { verifyEmailSchema } from '#shared/schemas/account'
import { verifyEmail } from '~~/server/services/accounts/emails'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: emptyParams,
  body: verifyEmailSchema,
  run: (scope, { body }) => verifyEmail(scope, body.token),
})
