import { createModelSchema, projectParams } from '#shared/schemas/projects'
import { createModel } from '~~/server/services/content'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const { actor } = await authorizeProject(event, id, 'project.publish')
  const { name } = await validBody(event, createModelSchema)
  setResponseStatus(event, 201)
  return createModel(id, actor, name)
})
