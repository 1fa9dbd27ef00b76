import { requestSupportSchema, workspaceSlugParams } from '#shared/schemas/support'
import { requestSupportSession } from '~~/server/services/support/transitions'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: requestSupportSchema,
  action: 'workspace.support.request',
  status: 201,
  run: (scope, { body }) => requestSupportSession(scope, body),
})
