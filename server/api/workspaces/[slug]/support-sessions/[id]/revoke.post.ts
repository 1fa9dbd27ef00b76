import { supportSessionParams } from '#shared/schemas/support'
import { revokeSupportSession } from '~~/server/services/support/transitions'

export default defineEventHandler(async (event) => {
  const { slug, id } = validParams(event, supportSessionParams)
  const caller = await authorizeWorkspace(event, slug, 'workspace.support.read')
  return revokeSupportSession(caller, id)
})
