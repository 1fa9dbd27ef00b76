import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listJoinRequests } from '~~/server/services/workspaces/join-requests'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.invites.read')
  return listJoinRequests(workspace.id)
})
