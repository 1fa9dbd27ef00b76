import { loadMe } from '~~/server/services/accounts/me'
import { requireActor } from '~~/server/gate/caller'
/**
 * Who is signed in, with a server admin's active support sessions.
 * @answer meAnswer
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return loadMe(actor.id)
})
