import { z } from 'zod'
import { verifyEmailSchema } from '#shared/schemas/account'
import { verifyEmail } from '~~/server/services/account-emails'

export default defineAccountWrite({
  params: z.object({}),
  body: verifyEmailSchema,
  run: (scope, { body }) => verifyEmail(scope, body.token),
})
