import { joinRequestParams } from '#shared/schemas/workspaces'
import { decideJoinRequest } from '~~/server/services/join-requests'

export default defineEventHandler(async (event) => {
  const { slug, id } = validParams(event, joinRequestParams)
  const { actor, workspace } = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  return decideJoinRequest(actor, workspace, id, 'denied')
})
