import { workspaceSlugParams } from '#shared/schemas/support'
import { requestToJoin } from '~~/server/services/join-requests'

export default defineAccountWrite({
  params: workspaceSlugParams,
  requires: 'license',
  status: 201,
  run: (scope, { params }) => requestToJoin(scope, params.slug),
})
