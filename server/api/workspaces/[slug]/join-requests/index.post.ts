import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { requestToJoin } from '~~/server/services/workspaces/join-requests'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: workspaceSlugParams,
  requires: 'license',
  status: 201,
  rateLimits: actor => [[RATE_LIMITS.joinRequest, actor.id]],
  run: (scope, { params }) => requestToJoin(scope, params.slug),
})
