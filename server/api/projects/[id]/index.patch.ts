import { projectParams, updateProjectSchema } from '#shared/schemas/projects'
import { updateProject } from '~~/server/services/projects'

export default defineProjectWrite({
  params: projectParams,
  body: updateProjectSchema,
  action: 'project.update',
  run: (scope, { body }) => updateProject(scope, body),
})
