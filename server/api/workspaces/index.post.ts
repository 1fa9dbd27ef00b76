import { emptyParams } from '#shared/schemas/common'
import { createWorkspaceSchema } from '#shared/schemas/workspaces'
import { createWorkspace } from '~~/server/services/workspaces'

export default defineAccountWrite({
  params: emptyParams,
  body: createWorkspaceSchema,
  requires: 'license',
  status: 201,
  run: (scope, { body }) => createWorkspace(scope, body),
})
