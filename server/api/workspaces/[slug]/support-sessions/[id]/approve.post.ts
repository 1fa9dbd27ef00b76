import { supportSessionParams } from '#shared/schemas/support'
import { approveSupportSession } from '~~/server/services/support/transitions'

export default defineEventHandler(async (event) => {
  const { slug, id } = validParams(event, supportSessionParams)
  const caller = await authorizeWorkspace(event, slug, 'workspace.support.read')
  return approveSupportSession(caller, id)
})
