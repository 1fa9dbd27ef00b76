import { updateWorkspaceSchema, workspaceSlugParams } from '#shared/schemas/workspaces'
import { updateWorkspace } from '~~/server/services/workspaces/workspaces'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: updateWorkspaceSchema,
  action: 'workspace.update',
  run: (scope, { body }) => updateWorkspace(scope, body),
})
