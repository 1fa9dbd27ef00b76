import { listApiTokens } from '~~/server/services/accounts/tokens'
import { requireActor } from '~~/server/gate/caller'
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return (await listApiTokens(actor.id)).map(serializeToken)
})
