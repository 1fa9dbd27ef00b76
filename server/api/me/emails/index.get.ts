import { listEmails } from '~~/server/services/account-emails'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return listEmails(actor.id)
})
