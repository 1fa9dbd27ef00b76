import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { authorizeWorkspace } from '~~/server/gate/read-gate'
import { listWitnesses } from '~~/server/services/audit/cosignatures'

/**
 * The witnesses that cosigned this workspace's audit checkpoints, each with its last cosigning (SPEC 3.14):
 * what Integrations shows. Workspace Admins; server admins read it as they read webhooks.
 * @answer auditWitnessesAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.integrations.read')
  return { items: await listWitnesses(workspace.id) }
})
