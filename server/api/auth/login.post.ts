import { loginSchema } from '#shared/schemas/auth'
import { signIn, verifyCredentials } from '~~/server/services/accounts/auth'
import { loadMe } from '~~/server/services/accounts/me'

export default defineEventHandler(async (event) => {
  const { email, password } = await validBody(event, loginSchema)
  const userId = await verifyCredentials(event, email, password)
  await signIn(event, userId)
  const { user } = await loadMe(userId)
  return { user }
})
