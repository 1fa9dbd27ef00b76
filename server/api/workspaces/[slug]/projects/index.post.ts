import { createProjectSchema } from '#shared/schemas/projects'
import { workspaceSlugParams } from '#shared/schemas/support'
import { createProject } from '~~/server/services/projects'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { actor, workspace, facts } = await authorizeWorkspace(event, slug, 'workspace.projects.create')
  const input = await validBody(event, createProjectSchema)
  setResponseStatus(event, 201)
  return createProject({ ...input, workspaceId: workspace.id }, actor, facts.workspaceRole !== null)
})
