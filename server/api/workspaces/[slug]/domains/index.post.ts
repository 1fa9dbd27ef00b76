import { workspaceSlugParams } from '#shared/schemas/support'
import { domainSchema } from '#shared/schemas/workspaces'
import { addDomain } from '~~/server/services/domains'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { actor, workspace } = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  const { domain } = await validBody(event, domainSchema)
  setResponseStatus(event, 201)
  return addDomain(actor, workspace, domain)
})
