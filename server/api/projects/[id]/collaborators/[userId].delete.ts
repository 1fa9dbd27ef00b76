import { collaboratorParams } from '#shared/schemas/projects'
import { removeCollaborator } from '~~/server/services/collaborators'

export default defineEventHandler(async (event) => {
  const { id, userId } = validParams(event, collaboratorParams)
  const caller = await authorizeProject(event, id, 'project.collaborators.manage')
  removeCollaborator(caller, userId)
  setResponseStatus(event, 204)
  return null
})
