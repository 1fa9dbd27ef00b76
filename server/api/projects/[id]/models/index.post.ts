import { createModelSchema, projectParams } from '#shared/schemas/projects'
import { createModel } from '~~/server/services/projects/content'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: projectParams,
  body: createModelSchema,
  action: 'project.publish',
  status: 201,
  run: (scope, { body }) => createModel(scope, body.name),
})
