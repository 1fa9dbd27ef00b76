import { adminWorkspacesQuery } from '#shared/schemas/support'
import { searchWorkspaces } from '~~/server/services/admin-workspaces'

export default defineEventHandler(async (event) => {
  const { q, page, pageSize } = validQuery(event, adminWorkspacesQuery)
  await requireServerAdmin(event)
  if (!useServerSettings().enterpriseLicense) throw apiError('WorkspacesNotEnabled', 'Workspaces need an Enterprise license.')
  return searchWorkspaces(q, page, pageSize)
})
