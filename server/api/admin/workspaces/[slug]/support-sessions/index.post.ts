import { requestSupportSchema, workspaceSlugParams } from '#shared/schemas/support'
import { requestSupportSession } from '~~/server/services/support/transitions'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const caller = await authorizeWorkspace(event, slug, 'workspace.support.request')
  const input = await validBody(event, requestSupportSchema)
  setResponseStatus(event, 201)
  return requestSupportSession(caller, input)
})
