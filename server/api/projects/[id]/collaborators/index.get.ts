import { projectParams } from '#shared/schemas/projects'
import { listCollaborators } from '~~/server/services/projects/collaborators'
import { authorizeProject } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const { project } = await authorizeProject(event, id, 'project.read', { type: 'collaborators' })
  return listCollaborators(project)
})
