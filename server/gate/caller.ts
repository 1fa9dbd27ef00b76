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

/**
 * Sudo mode (SPEC 3.11, GitHub's): changes that would let a stolen sign-in keep the account (a passkey,
 * an API token, an email address, deleting it) need the password or a passkey confirmed on this very
 * sign-in within NUXT_REAUTH_WINDOW_MS; signing in counts. A token never confirmed anything.
 */
export function refuseUnlessRecentlyConfirmed(actor: Actor): void {
  if (actor.via !== 'cookie') throw apiError('ReauthenticationRequired', 'An API token cannot do this: sign in through the browser and confirm your password.')
  const at = actor.reauthenticatedAt?.getTime() ?? 0
  if (Date.now() - at > Number(useRuntimeConfig().reauthWindowMs)) {
    throw apiError('ReauthenticationRequired', 'Confirm your password or use a passkey to continue: this change needs a recent sign-in.')
  }
}

/** A browser sign-in that confirmed its user recently: for the first step of adding a passkey, which is no write. */
export async function requireRecentBrowserSignIn(event: H3Event): Promise<{ actor: Actor, sid: string }> {
  const signedIn = await requireBrowserSignIn(event)
  refuseUnlessRecentlyConfirmed(signedIn.actor)
  return signedIn
}

export async function requireServerAdmin(event: H3Event): Promise<Actor> {
  const actor = await requireActor(event)
  if (actor.serverRole !== 'admin') throw apiError('ServerAdminRequired', 'Only server admins can do this.')
  return actor
}
