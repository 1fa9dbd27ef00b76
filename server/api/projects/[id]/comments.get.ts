import { pageQuerySchema } from '#shared/schemas/common'
import { projectParams } from '#shared/schemas/projects'
import { listComments } from '~~/server/services/projects/content'
import { authorizeProject } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const { page, pageSize } = validQuery(event, pageQuerySchema)
  await authorizeProject(event, id, 'project.read', { type: 'comments' })
  return listComments(id, page, pageSize)
})
