import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { requestSupportSchema } from '#shared/support/schemas'
import { requestSupportSession } from '~~/server/services/support/transitions'
import { startEmergencySession } from '~~/server/services/support/emergency'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Asks the workspace for a support session; its Admins are emailed (SPEC 3.5, 3.7). With
 * `emergency: true`, where the policy allows it, starts one at once instead (SPEC 3.13).
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: requestSupportSchema,
  action: 'workspace.support.request',
  status: 201,
  rateLimits: (actor, { params }) => [[RATE_LIMITS.supportRequest, `${actor.id}:${params.slug}`]],
  run: (scope, { body }) => (body.emergency ? startEmergencySession(scope, body) : requestSupportSession(scope, body)),
})
