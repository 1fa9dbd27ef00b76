import { listMyWorkspaces } from '~~/server/services/workspaces'

/**
 * The workspaces I belong to, with my role and seat.
 * @answer myWorkspacesAnswer
 */
export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listMyWorkspaces(actor.id)
})
