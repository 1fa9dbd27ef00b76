import { emptyParams } from '#shared/schemas/common'
import { createTokenSchema } from '#shared/schemas/auth'
import { createApiToken } from '~~/server/services/accounts/tokens'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** Creates an API token, shown once. Sudo mode (SPEC 3.11): a token outlives the sign-in that made it. */
export default defineAccountWrite({
  params: emptyParams,
  body: createTokenSchema,
  status: 201,
  requires: 'recentSignIn',
  run: async (scope, { body }) => {
    const created = await createApiToken(scope, body.name)
    return { ...serializeToken(created), token: created.token }
  },
})
