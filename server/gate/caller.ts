import type { H3Event } from 'h3'
import { actorFor, credentialsOf, type Actor } from '../services/accounts/sessions'

/** Who is calling, through `Authorization: Bearer` or the session cookie, or null. */
export async function getActor(event: H3Event): Promise<Actor | null> {
  if (event.context.actor !== undefined) return event.context.actor
  const actor = await actorFor(await credentialsOf(event))
  event.context.actor = actor
  return actor
}

export async function requireActor(event: H3Event): Promise<Actor> {
  const actor = await getActor(event)
  if (!actor) throw apiError('Unauthenticated', 'Sign in to continue.')
  return actor
}

/**
 * Passkeys are added and used from a browser sign-in only (SPEC 3.10): an API token, which can leak,
 * must not turn itself into a sign-in or prove a step-up.
 */
export function refuseTokens(actor: Actor): void {
  if (actor.via !== 'cookie') throw apiError('BrowserSignInRequired', 'Sign in through the browser to do this: an API token cannot.')
}

/** The caller, signed in through the browser, and the sign-in their cookie names. */
export async function requireBrowserSignIn(event: H3Event): Promise<{ actor: Actor, sid: string }> {
  const actor = await requireActor(event)
  refuseTokens(actor)
  const credentials = await credentialsOf(event)
  if (credentials?.via !== 'cookie') throw apiError('Unauthenticated', 'Sign in to continue.')
  return { actor, sid: credentials.sid }
}

export async function requireServerAdmin(event: H3Event): Promise<Actor> {
  const actor = await requireActor(event)
  if (actor.serverRole !== 'admin') throw apiError('ServerAdminRequired', 'Only server admins can do this.')
  return actor
}
