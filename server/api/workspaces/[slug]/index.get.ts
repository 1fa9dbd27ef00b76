import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { workspaceView } from '~~/server/services/workspaces/workspaces'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * The workspace, my standing in it and what I may do (each `permissions` entry as the permission model decides it).
 * @answer workspaceAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { actor, workspace, facts, resource } = await authorizeWorkspace(event, slug, 'workspace.read')
  return workspaceView(workspace, facts, { actorId: actor.id, resource })
})
