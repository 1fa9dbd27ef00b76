import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listVisibleWorkspaceProjects } from '~~/server/services/projects/projects'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { actor, workspace, facts } = await authorizeWorkspace(event, slug, 'workspace.read', { type: 'projects' })
  return listVisibleWorkspaceProjects(workspace.id, actor.id, facts, workspace.supportReadsRequireSession)
})
