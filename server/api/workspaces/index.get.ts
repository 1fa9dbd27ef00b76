import { listMyWorkspaces } from '~~/server/services/workspaces'

export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listMyWorkspaces(actor.id)
})
