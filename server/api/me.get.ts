import { loadMe } from '~~/server/services/me'
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return loadMe(actor.id)
})
