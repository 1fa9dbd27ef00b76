import { workspaceSlugParams } from '#shared/schemas/support'
import { workspaceView } from '~~/server/services/workspaces'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace, facts } = await authorizeWorkspace(event, slug, 'workspace.read')
  return workspaceView(workspace, facts)
})
