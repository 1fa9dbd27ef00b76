import { workspaceSlugParams } from '#shared/schemas/support'
import { listDomains } from '~~/server/services/domains'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.members.read')
  return listDomains(workspace.id)
})
