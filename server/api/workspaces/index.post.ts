import { z } from 'zod'
import { createWorkspaceSchema } from '#shared/schemas/workspaces'
import { createWorkspace } from '~~/server/services/workspaces'

export default defineAccountWrite({
  params: z.object({}),
  body: createWorkspaceSchema,
  requires: 'license',
  status: 201,
  run: (scope, { body }) => createWorkspace(scope, body),
})
