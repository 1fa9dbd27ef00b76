import { emptyParams } from '#shared/schemas/common'
import { createWorkspaceSchema } from '#shared/schemas/workspaces'
import { createWorkspace } from '~~/server/services/workspaces/workspaces'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: emptyParams,
  body: createWorkspaceSchema,
  requires: 'license',
  status: 201,
  rateLimits: actor => [[RATE_LIMITS.workspaceCreate, actor.id]],
  run: (scope, { body }) => createWorkspace(scope, body),
})
