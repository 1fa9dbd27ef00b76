import { workspaceSlugParams } from '#shared/schemas/support'
import { requestToJoin } from '~~/server/services/join-requests'
import { RATE_LIMITS } from '~~/server/services/rate-limits'

export default defineAccountWrite({
  params: workspaceSlugParams,
  requires: 'license',
  status: 201,
  rateLimits: actor => [[RATE_LIMITS.joinRequest, actor.id]],
  run: (scope, { params }) => requestToJoin(scope, params.slug),
})
