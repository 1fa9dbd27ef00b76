import { workspaceSlugParams } from '#shared/schemas/support'
import { listInvites } from '~~/server/services/invites'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.invites.read')
  return listInvites(workspace.id)
})
