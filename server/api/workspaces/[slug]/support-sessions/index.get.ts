import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listWorkspaceSessions } from '~~/server/services/support/queries'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * The workspace's sessions as the Support page groups them (workspace Admins, server admins).
 * @answer supportSessionGroupsAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.support.read')
  return listWorkspaceSessions(workspace.id)
})
