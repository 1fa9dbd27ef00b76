import { adminUsersQuery } from '#shared/support/schemas'
import { searchUsers } from '~~/server/services/accounts/admin-users'
import { requireServerAdmin } from '~~/server/gate/caller'

/**
 * Every account on the server, searchable by name or email, with its workspaces and whether its
 * sign-in is locked (server admins).
 * @answer adminUsersAnswer
 */
export default defineEventHandler(async (event) => {
  const { q, page, pageSize } = validQuery(event, adminUsersQuery)
  await requireServerAdmin(event)
  return searchUsers(q, page, pageSize)
})
