import { projectParams } from '#shared/schemas/projects'
import { projectView } from '~~/server/services/projects/projects'
import { authorizeProject } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { id } = validParams(event, projectParams)
  const { project, workspace, facts } = await authorizeProject(event, id, 'project.read')
  return projectView(project, workspace, facts)
})
