import { membersQuery, workspaceSlugParams } from '#shared/schemas/workspaces'
import { listMembers } from '~~/server/services/workspaces/members'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/** An array of people, as SPEC 5 shapes it; the total for paging comes in X-Total-Count. */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const query = validQuery(event, membersQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.members.read')
  const { items, total } = await listMembers(workspace.id, query)
  setResponseHeader(event, 'x-total-count', total)
  return items
})
