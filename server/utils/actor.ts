import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { ServerRole } from '#shared/roles'

/** The signed-in person behind a request, loaded from the database for this request only. */
export interface Actor {
  id: number
  name: string
  email: string
  serverRole: ServerRole
  via: 'cookie' | 'token'
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

function bearerToken(event: H3Event): string | null | undefined {
  const header = getRequestHeader(event, 'authorization')
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1]! : null
}

const userByToken = preparedOnce((db) => {
  const { apiTokens, users, userEmails } = tables
  return db.select({ id: users.id, name: users.name, serverRole: users.serverRole, email: userEmails.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
    .prepare()
})

const userBySession = preparedOnce((db) => {
  const { authSessions, users, userEmails } = tables
  return db.select({ id: users.id, name: users.name, serverRole: users.serverRole, email: userEmails.email })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .innerJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(and(eq(authSessions.id, sql.placeholder('sid')), gt(authSessions.createdAt, sql.placeholder('since'))))
    .prepare()
})

const loadUserByToken = (token: string) => userByToken().get({ hash: sha256(token) })
/** A sign-in lasts this long; then the cookie stops working and the row is pruned. */
export const AUTH_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000
const loadUserBySession = (sid: string) => userBySession().get({ sid, since: Date.now() - AUTH_SESSION_TTL_MS })

/** The auth_sessions id the sealed cookie points at; deleting that row signs the cookie out everywhere. */
export async function sessionId(event: H3Event): Promise<string | undefined> {
  const session = await getUserSession(event)
  const sid = (session.secure as { sid?: unknown } | undefined)?.sid
  return typeof sid === 'string' ? sid : undefined
}

/**
 * Who is calling, through `Authorization: Bearer` or the session cookie, or null.
 * A bearer header that is present but wrong never falls back to the cookie.
 */
export async function getActor(event: H3Event): Promise<Actor | null> {
  if (event.context.actor !== undefined) return event.context.actor
  let actor: Actor | null = null
  const token = bearerToken(event)
  if (token === null) throw apiError('Unauthenticated', 'Malformed Authorization header.')
  if (token) {
    const user = loadUserByToken(token)
    if (!user) throw apiError('Unauthenticated', 'The API token is invalid or was deleted.')
    actor = { ...user, via: 'token' }
  }
  else {
    const sid = await sessionId(event)
    const user = sid ? loadUserBySession(sid) : undefined
    if (user) actor = { ...user, via: 'cookie' }
  }
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
