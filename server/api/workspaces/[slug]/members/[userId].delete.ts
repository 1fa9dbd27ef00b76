import { memberParams } from '#shared/schemas/workspaces'
import { removeMember } from '~~/server/services/members'

export default defineEventHandler(async (event) => {
  const { slug, userId } = validParams(event, memberParams)
  const caller = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  removeMember(caller, userId)
  setResponseStatus(event, 204)
  return null
})
