import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listInvites } from '~~/server/services/workspaces/invites'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.invites.read')
  return listInvites(workspace.id)
})
