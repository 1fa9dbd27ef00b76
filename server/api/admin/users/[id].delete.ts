import { plainIdParams } from '#shared/schemas/workspaces'
import { deleteUser } from '~~/server/services/users'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, plainIdParams)
  const actor = await requireServerAdmin(event)
  deleteUser(actor, id)
  setResponseStatus(event, 204)
  return null
})
