import { workspaceSlugParams } from '#shared/schemas/support'
import { listMembers } from '~~/server/services/members'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.members.read')
  return listMembers(workspace.id)
})
