import { accessLogQuery } from '#shared/support/access'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listAccessLog } from '~~/server/services/support/access-log'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * What server admins read in this workspace (SPEC 3.10), newest first, paged; filtered by admin or by
 * support session. The Support page's "Access by server admins"; `actors` lists who appears, for its filter.
 * @answer accessLogAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { page, pageSize, actorId, sessionId } = validQuery(event, accessLogQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.support.read')
  return { ...await listAccessLog(workspace.id, page, pageSize, { actorId, sessionId }), page, pageSize }
})
