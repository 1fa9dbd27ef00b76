import { listDiscoverable } from '~~/server/services/workspaces/join-requests'
import { requireLicense } from '~~/server/gate/read-gate'
import { requireActor } from '~~/server/gate/caller'

export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listDiscoverable(actor.id)
})
