import { plainIdParams } from '#shared/schemas/workspaces'
import { acceptInvite } from '~~/server/services/invites'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, plainIdParams)
  requireLicense()
  const actor = await requireActor(event)
  return acceptInvite(actor, id)
})
