import { workspaceSlugParams } from '#shared/schemas/support'
import { listJoinRequests } from '~~/server/services/join-requests'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.invites.read')
  return listJoinRequests(workspace.id)
})
