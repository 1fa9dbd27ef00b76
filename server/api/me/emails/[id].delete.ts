import { plainIdParams } from '#shared/schemas/workspaces'
import { removeEmail } from '~~/server/services/account-emails'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, plainIdParams)
  removeEmail(actor, id)
  setResponseStatus(event, 204)
  return null
})
