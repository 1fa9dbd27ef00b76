import { z } from 'zod'
import { idSchema } from '#shared/schemas/common'
import { deleteApiToken } from '~~/server/services/api-tokens'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, z.object({ id: idSchema }))
  deleteApiToken(actor.id, id)
  setResponseStatus(event, 204)
  return null
})
