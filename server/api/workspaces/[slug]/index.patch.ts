import { workspaceSlugParams } from '#shared/schemas/support'
import { updateWorkspaceSchema } from '#shared/schemas/workspaces'
import { updateWorkspace } from '~~/server/services/workspaces'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { actor, workspace } = await authorizeWorkspace(event, slug, 'workspace.update')
  const changes = await validBody(event, updateWorkspaceSchema)
  return updateWorkspace(actor, workspace.id, changes)
})
