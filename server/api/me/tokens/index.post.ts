import { emptyParams } from '#shared/schemas/common'
import { createTokenSchema } from '#shared/schemas/auth'
import { createApiToken } from '~~/server/services/accounts/tokens'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: emptyParams,
  body: createTokenSchema,
  status: 201,
  run: async ({ tx, actor }, { body }) => {
    const created = await createApiToken(tx, actor.id, body.name)
    return { ...serializeToken(created), token: created.token }
  },
})
