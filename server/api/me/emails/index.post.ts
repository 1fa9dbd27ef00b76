import { emptyParams } from '#shared/schemas/common'
import { addEmailSchema } from '#shared/schemas/account'
import { addEmail } from '~~/server/services/accounts/emails'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: emptyParams,
  body: addEmailSchema,
  status: 201,
  run: (scope, { body }) => addEmail(scope, body.email),
})
