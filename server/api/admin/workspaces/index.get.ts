import { adminWorkspacesQuery } from '#shared/support/schemas'
import { searchWorkspaces } from '~~/server/services/workspaces/admin-list'
import { requireLicense } from '~~/server/gate/read-gate'
import { requireServerAdmin } from '~~/server/gate/caller'

/**
 * Every workspace on the server, searchable by name or slug, newest first (server admins).
 * @answer adminWorkspacesAnswer
 */
export default defineEventHandler(async (event) => {
  const { q, page, pageSize } = validQuery(event, adminWorkspacesQuery)
  await requireServerAdmin(event)
  requireLicense()
  return searchWorkspaces(q, page, pageSize)
})
