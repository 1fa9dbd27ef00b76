import { workspaceSlugParams } from '#shared/schemas/support'
import { updateWorkspaceSchema } from '#shared/schemas/workspaces'
import { updateWorkspace } from '~~/server/services/workspaces'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: updateWorkspaceSchema,
  action: 'workspace.update',
  run: (scope, { body }) => updateWorkspace(scope, body),
})
