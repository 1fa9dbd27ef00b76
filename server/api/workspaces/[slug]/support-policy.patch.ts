import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { supportPolicyPatchSchema } from '#shared/support/policy'
import { changeSupportPolicy } from '~~/server/services/support/policy'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * The workspace's own Admins only: a support session never lends the right to loosen its own rules.
 * @answer supportPolicyAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: supportPolicyPatchSchema,
  action: 'workspace.support.manage',
  run: (scope, { body }) => changeSupportPolicy(scope, body),
})
