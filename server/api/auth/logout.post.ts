import { endAuthSession } from '~~/server/services/accounts/auth'
import { sessionId } from '~~/server/services/accounts/sessions'
export default defineEventHandler(async (event) => {
  const sid = await sessionId(event)
  if (sid) await endAuthSession(sid)
  await clearUserSession(event)
  setResponseStatus(event, 204)
  return null
})
