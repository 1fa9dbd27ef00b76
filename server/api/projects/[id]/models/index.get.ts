import { projectParams } from '#shared/schemas/projects'
import { listModels } from '~~/server/services/content'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  await authorizeProject(event, id, 'project.read')
  return listModels(id)
})
