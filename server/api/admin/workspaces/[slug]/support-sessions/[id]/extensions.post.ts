import { requestExtensionSchema, supportSessionParams } from '#shared/support/schemas'
import { requestExtension } from '~~/server/services/support/extensions'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Asks for more time on the caller's active support session; the workspace's Admins approve or decline
 * it like a request (SPEC 3.7).
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportSessionParams,
  body: requestExtensionSchema,
  action: 'workspace.support.request',
  status: 201,
  rateLimits: (actor, { params }) => [[RATE_LIMITS.supportRequest, `${actor.id}:${params.slug}`]],
  run: (scope, { params, body }) => requestExtension(scope, params.id, body),
})
