import { addCollaboratorSchema, projectParams } from '#shared/schemas/projects'
import { addCollaborator } from '~~/server/services/collaborators'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const caller = await authorizeProject(event, id, 'project.collaborators.manage')
  const { email, role } = await validBody(event, addCollaboratorSchema)
  setResponseStatus(event, 201)
  return addCollaborator(caller, email, role)
})
