import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listDomains } from '~~/server/services/workspaces/domains'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.members.read')
  return listDomains(workspace.id)
})
