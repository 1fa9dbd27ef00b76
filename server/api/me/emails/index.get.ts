import { listEmails } from '~~/server/services/accounts/emails'
import { requireActor } from '~~/server/gate/caller'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return listEmails(actor.id)
})
