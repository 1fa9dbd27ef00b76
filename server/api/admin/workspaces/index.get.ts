import { adminWorkspacesQuery } from '#shared/schemas/support'
import { searchWorkspaces } from '~~/server/services/admin-workspaces'

export default defineEventHandler(async (event) => {
  const { q, page, pageSize } = validQuery(event, adminWorkspacesQuery)
  await requireServerAdmin(event)
  requireLicense()
  return searchWorkspaces(q, page, pageSize)
})
