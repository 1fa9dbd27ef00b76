/**
 * Sign-in sessions and API tokens: what a request presents, and who it belongs to right now. The gate
 * (server/gate/) asks this for every request; nothing else reads cookies or tokens.
 */
import type { H3Event } from 'h3'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { ServerRole } from '#shared/roles'
import { tables } from '../../database'
import { prepareAs, preparedOnce } from '../../database/prepared'
import { sha256 } from '../../utils/hash'

/** The signed-in person behind a request, loaded from the database for this request only. */
export interface Actor {
  id: number
  name: string
  email: string
  serverRole: ServerRole
  via: 'cookie' | 'token'
  /**
   * When this sign-in last proved its user with a passkey (SPEC 3.10 step-up), as the write gate reads
   * the caller; absent for tokens, which cannot step up, and on reads.
   */
  steppedUpAt?: Date | null
  /**
   * When this sign-in last confirmed its user: signing in, the password again, or a passkey (SPEC 3.11
   * sudo mode). Absent for tokens, which never confirm anything, and on reads.
   */
  reauthenticatedAt?: Date | null
}

function bearerToken(event: H3Event): string | null | undefined {
  const header = getRequestHeader(event, 'authorization')
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1]! : null
}

/** The columns an Actor is read from (its `via` comes from the credentials); a read's standing query selects them too. */
export function actorColumns() {
  const { users, userEmails } = tables
  return { id: users.id, name: users.name, serverRole: users.serverRole, email: userEmails.email }
}

const userByToken = preparedOnce((db) => {
  const { apiTokens, users, userEmails } = tables
  return prepareAs('user_by_token', db.select(actorColumns())
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash'))))
})

const userBySession = preparedOnce((db) => {
  const { authSessions, users, userEmails } = tables
  return prepareAs('user_by_session', db.select({ ...actorColumns(), steppedUpAt: authSessions.steppedUpAt, reauthenticatedAt: authSessions.reauthenticatedAt })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .innerJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(and(eq(authSessions.id, sql.placeholder('sid')), gt(authSessions.createdAt, sql.placeholder('since')))))
})

/** A sign-in lasts this long; then the cookie stops working and the row is pruned. */
export const AUTH_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

/** Sign-ins made after this moment are still valid: the one rule every lookup of a sign-in uses. */
export const signInValidSince = (now = Date.now()) => now - AUTH_SESSION_TTL_MS

/** The auth_sessions id the sealed cookie points at; deleting that row signs the cookie out everywhere. */
export async function sessionId(event: H3Event): Promise<string | undefined> {
  const session = await getUserSession(event)
  const sid = (session.secure as { sid?: unknown } | undefined)?.sid
  return typeof sid === 'string' ? sid : undefined
}

/** What the request presents: an API token (by its hash) or a sign-in id from the sealed cookie. */
export type Credentials = { via: 'token', hash: string } | { via: 'cookie', sid: string } | null

/**
 * Reads the credentials without touching the database (unsealing the cookie is asynchronous).
 * A bearer header that is present but malformed never falls back to the cookie.
 */
export async function credentialsOf(event: H3Event): Promise<Credentials> {
  if (event.context.credentials !== undefined) return event.context.credentials
  const token = bearerToken(event)
  if (token === null) throw apiError('Unauthenticated', 'Malformed Authorization header.')
  let credentials: Credentials = null
  if (token) credentials = { via: 'token', hash: sha256(token) }
  else {
    const sid = await sessionId(event)
    if (sid) credentials = { via: 'cookie', sid }
  }
  event.context.credentials = credentials
  return credentials
}

/**
 * Who the credentials belong to right now: the write gate repeats this inside its transaction, so a
 * token deleted a moment ago stops working for that write too.
 */
export async function actorFor(credentials: Credentials): Promise<Actor | null> {
  if (!credentials) return null
  if (credentials.via === 'token') {
    const [user] = await userByToken().execute({ hash: credentials.hash })
    if (!user) throw apiError('Unauthenticated', 'The API token is invalid or was deleted.')
    return { ...user, via: 'token' }
  }
  const [user] = await userBySession().execute({ sid: credentials.sid, since: signInValidSince() })
  return user ? { ...user, via: 'cookie' } : null
}
