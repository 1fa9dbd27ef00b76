import { listPasskeys } from '~~/server/services/accounts/passkeys'
import { requireActor } from '~~/server/gate/caller'

/** The caller's passkeys (Account settings), oldest first. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return listPasskeys(actor.id)
})
