import { createCommentSchema, projectParams } from '#shared/schemas/projects'
import { createComment } from '~~/server/services/content'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const { actor } = await authorizeProject(event, id, 'project.comment')
  const { text } = await validBody(event, createCommentSchema)
  setResponseStatus(event, 201)
  return createComment(id, actor, text)
})
