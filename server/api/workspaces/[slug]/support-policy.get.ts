import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { supportPolicyOf } from '~~/server/services/support/policy'
import { adminCount } from '~~/server/services/workspaces/rules'
import { useDb } from '~~/server/database'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * Workspace Admins and server admins (no session needed) read the policy a request must keep.
 * @answer supportPolicyAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.support.read')
  // The Admin count says whether two approvals can be chosen (SupportPolicyUnsatisfiable otherwise).
  return { ...supportPolicyOf(workspace), adminCount: await adminCount(useDb(), workspace.id) }
})
