import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { requestToJoin } from '~~/server/services/join-requests'
import { RATE_LIMITS } from '~~/server/services/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: workspaceSlugParams,
  requires: 'license',
  status: 201,
  rateLimits: actor => [[RATE_LIMITS.joinRequest, actor.id]],
  run: (scope, { params }) => requestToJoin(scope, params.slug),
})
