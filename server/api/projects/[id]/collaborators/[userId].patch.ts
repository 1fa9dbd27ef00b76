import { changeCollaboratorSchema, collaboratorParams } from '#shared/schemas/projects'
import { changeCollaborator } from '~~/server/services/collaborators'

export default defineEventHandler(async (event) => {
  const { id, userId } = validParams(event, collaboratorParams)
  const caller = await authorizeProject(event, id, 'project.collaborators.manage')
  const { role } = await validBody(event, changeCollaboratorSchema)
  return changeCollaborator(caller, userId, role)
})
