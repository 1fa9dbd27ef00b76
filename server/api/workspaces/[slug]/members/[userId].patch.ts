import { changeMemberSchema, memberParams } from '#shared/schemas/workspaces'
import { changeMember } from '~~/server/services/members'

export default defineEventHandler(async (event) => {
  const { slug, userId } = validParams(event, memberParams)
  const caller = await authorizeWorkspace(event, slug, 'workspace.members.manage')
  const input = await validBody(event, changeMemberSchema)
  return changeMember(caller, userId, input)
})
