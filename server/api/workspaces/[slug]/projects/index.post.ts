import { createProjectSchema } from '#shared/schemas/projects'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { createProject } from '~~/server/services/projects/projects'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: createProjectSchema,
  action: 'workspace.projects.create',
  status: 201,
  run: (scope, { body }) => createProject(scope, { ...body, workspaceId: scope.workspace.id }),
})
