import { domainParams } from '#shared/schemas/workspaces'
import { removeDomain } from '~~/server/services/domains'

export default defineEventHandler(async (event) => {
  const { slug, id } = validParams(event, domainParams)
  const { actor, workspace } = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  removeDomain(actor, workspace, id)
  setResponseStatus(event, 204)
  return null
})
