import { projectParams, updateProjectSchema } from '#shared/schemas/projects'
import { updateProject } from '~~/server/services/projects'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  await authorizeProject(event, id, 'project.update')
  const changes = await validBody(event, updateProjectSchema)
  return updateProject(id, changes)
})
