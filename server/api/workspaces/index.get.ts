import { listMyWorkspaces } from '~~/server/services/workspaces/workspaces'
import { requireLicense } from '~~/server/gate/read-gate'
import { requireActor } from '~~/server/gate/caller'

/**
 * The workspaces I belong to, with my role and seat.
 * @answer myWorkspacesAnswer
 */
export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listMyWorkspaces(actor.id)
})
