import { projectParams, updateProjectSchema } from '#shared/schemas/projects'
import { updateProject } from '~~/server/services/projects/projects'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: projectParams,
  body: updateProjectSchema,
  action: 'project.update',
  run: (scope, { body }) => updateProject(scope, body),
})
