import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listWebhooks } from '~~/server/services/webhooks/endpoints'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * Workspace Admins; server admins read them without a session.
 * @answer webhookListAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.integrations.read')
  return { items: await listWebhooks(workspace.id) }
})
