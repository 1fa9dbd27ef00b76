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

export async function requireServerAdmin(event: H3Event): Promise<Actor> {
  const actor = await requireActor(event)
  if (actor.serverRole !== 'admin') throw apiError('ServerAdminRequired', 'Only server admins can do this.')
  return actor
}
