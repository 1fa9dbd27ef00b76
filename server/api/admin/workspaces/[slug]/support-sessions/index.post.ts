import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { requestSupportSchema } from '#shared/support/schemas'
import { requestSupportSession } from '~~/server/services/support/transitions'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Asks the workspace for a support session; its Admins are emailed (SPEC 3.5, 3.7).
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: requestSupportSchema,
  action: 'workspace.support.request',
  status: 201,
  rateLimits: (actor, { params }) => [[RATE_LIMITS.supportRequest, `${actor.id}:${params.slug}`]],
  run: (scope, { body }) => requestSupportSession(scope, body),
})
