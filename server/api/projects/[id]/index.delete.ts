import { projectParams } from '#shared/schemas/projects'
import { deleteProject } from '~~/server/services/projects'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const { actor, project } = await authorizeProject(event, id, 'project.delete')
  deleteProject(id, project.workspaceId, actor)
  setResponseStatus(event, 204)
  return null
})
