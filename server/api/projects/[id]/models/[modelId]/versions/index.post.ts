import { createVersionSchema, modelParams } from '#shared/schemas/projects'
import { createVersion } from '~~/server/services/projects/content'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: modelParams,
  body: createVersionSchema,
  action: 'project.publish',
  status: 201,
  run: (scope, { params, body }) => createVersion(scope, params.modelId, body.message),
})
