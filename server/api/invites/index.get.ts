import { listMyInvites } from '~~/server/services/invites'

/** Invites waiting for me, addressed to any of my verified emails. */
export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  return listMyInvites(actor.id)
})
