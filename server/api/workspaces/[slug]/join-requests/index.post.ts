import { workspaceSlugParams } from '#shared/schemas/support'
import { requestToJoin } from '~~/server/services/join-requests'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  requireLicense()
  const actor = await requireActor(event)
  const result = requestToJoin(actor, slug)
  setResponseStatus(event, 201)
  return result
})
