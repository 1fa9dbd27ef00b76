import { z } from 'zod'
import { pageQuerySchema } from '#shared/schemas/common'
import { workspaceSlugParams } from '#shared/schemas/support'
import { listMembers } from '~~/server/services/members'

const membersQuery = pageQuerySchema.extend({
  kind: z.enum(['members', 'guests']).optional(),
  q: z.string().trim().max(100).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
})

/** An array of people, as SPEC 5 shapes it; the total for paging comes in X-Total-Count. */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const query = validQuery(event, membersQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.members.read')
  const { items, total } = listMembers(workspace.id, query)
  setResponseHeader(event, 'x-total-count', total)
  return items
})
