import { createTokenSchema } from '#shared/schemas/auth'
import { createApiToken } from '~~/server/services/api-tokens'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { name } = await validBody(event, createTokenSchema)
  const created = createApiToken(actor.id, name)
  setResponseStatus(event, 201)
  return { ...serializeToken(created), token: created.token }
})
