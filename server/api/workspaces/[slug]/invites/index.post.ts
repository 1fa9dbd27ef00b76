import { workspaceSlugParams } from '#shared/schemas/support'
import { inviteSchema } from '#shared/schemas/workspaces'
import { createInvite } from '~~/server/services/invites'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { actor, workspace } = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  const input = await validBody(event, inviteSchema)
  setResponseStatus(event, 201)
  return createInvite(actor, workspace, input)
})
