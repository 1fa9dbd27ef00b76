import { adminUsersQuery } from '#shared/support/schemas'
import { searchUsers } from '~~/server/services/accounts/admin-users'
import { requireServerAdmin } from '~~/server/gate/caller'
import { readAcrossWorkspaces } from '~~/server/gate/server-wide'

/**
 * Every account on the server, searchable by name or email, with its workspaces (as reading each one's
 * members through the read gate would show them) and whether its sign-in is locked (server admins).
 * @answer adminUsersAnswer
 */
export default defineEventHandler(async (event) => {
  const { q, page, pageSize } = validQuery(event, adminUsersQuery)
  const actor = await requireServerAdmin(event)
  return searchUsers(q, page, pageSize, readAcrossWorkspaces(event, actor, 'workspace.members.read', { type: 'members' }))
})
