import { projectParams } from '#shared/schemas/projects'
import { listModels } from '~~/server/services/projects/content'
import { authorizeProject } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  await authorizeProject(event, id, 'project.read', { type: 'models' })
  return listModels(id)
})
