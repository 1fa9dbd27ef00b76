import { createProjectSchema } from '#shared/schemas/projects'
import { workspaceSlugParams } from '#shared/schemas/support'
import { createProject } from '~~/server/services/projects'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: createProjectSchema,
  action: 'workspace.projects.create',
  status: 201,
  run: (scope, { body }) => createProject(scope, { ...body, workspaceId: scope.workspace.id }),
})
