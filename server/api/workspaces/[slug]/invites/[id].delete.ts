import { inviteParams } from '#shared/schemas/workspaces'
import { revokeInvite } from '~~/server/services/invites'

export default defineEventHandler(async (event) => {
  const { slug, id } = validParams(event, inviteParams)
  const { actor, workspace } = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  revokeInvite(actor, workspace, id)
  setResponseStatus(event, 204)
  return null
})
