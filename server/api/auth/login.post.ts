import { loginSchema } from '#shared/schemas/auth'
import { startAuthSession, verifyCredentials } from '~~/server/services/auth'
import { loadMe } from '~~/server/services/me'

export default defineEventHandler(async (event) => {
  const { email, password } = await validBody(event, loginSchema)
  const userId = await verifyCredentials(email, password)
  const sid = startAuthSession(userId)
  await replaceUserSession(event, { user: { id: userId }, secure: { sid }, loggedInAt: Date.now() })
  event.context.actor = undefined
  const { user } = await loadMe(userId)
  return { user }
})
