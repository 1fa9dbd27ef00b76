import { z } from 'zod'
import { addEmailSchema } from '#shared/schemas/account'
import { addEmail } from '~~/server/services/account-emails'

export default defineAccountWrite({
  params: z.object({}),
  body: addEmailSchema,
  status: 201,
  run: (scope, { body }) => addEmail(scope, body.email),
})
