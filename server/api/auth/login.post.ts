import { loginSchema } from '#shared/schemas/auth'
import { startAuthSession, verifyCredentials } from '~~/server/services/accounts/auth'
import { loadMe } from '~~/server/services/accounts/me'
import { AUTH_SESSION_TTL_MS } from '~~/server/services/accounts/sessions'

export default defineEventHandler(async (event) => {
  const { email, password } = await validBody(event, loginSchema)
  const userId = await verifyCredentials(event, email, password)
  const sid = await startAuthSession(userId)
  // Secure cookies over HTTPS (directly or behind a proxy); plain-HTTP deployments would otherwise never get one.
  const secure = getRequestProtocol(event, { xForwardedProto: true }) === 'https'
  await replaceUserSession(event, { user: { id: userId }, secure: { sid }, loggedInAt: Date.now() }, { cookie: { secure, maxAge: AUTH_SESSION_TTL_MS / 1000 } })
  event.context.actor = undefined
  event.context.credentials = undefined
  const { user } = await loadMe(userId)
  return { user }
})
