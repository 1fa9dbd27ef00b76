import { listDiscoverable } from '~~/server/services/join-requests'

export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listDiscoverable(actor.id)
})
