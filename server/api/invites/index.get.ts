import { listMyInvites } from '~~/server/services/workspaces/invites'
import { requireLicense } from '~~/server/gate/read-gate'
import { requireActor } from '~~/server/gate/caller'

/** Invites waiting for me, addressed to any of my verified emails. */
export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listMyInvites(actor.id)
})
