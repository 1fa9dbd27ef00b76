import { createVersionSchema, modelParams } from '#shared/schemas/projects'
import { createVersion, requireModel } from '~~/server/services/content'

export default defineEventHandler(async (event) => {
  const { id, modelId } = validParams(event, modelParams)
  const { actor } = await authorizeProject(event, id, 'project.publish')
  requireModel(id, modelId)
  const { message } = await validBody(event, createVersionSchema)
  setResponseStatus(event, 201)
  return createVersion(modelId, actor, message)
})
