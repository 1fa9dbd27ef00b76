import { randomBytes } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import { tables, useDb } from '../../database'
import { endStreams, streamKeys } from '../live/bus'

const TOKEN_PREFIX = 'sat_'

export async function listApiTokens(userId: number) {
  const { apiTokens } = tables
  return useDb().select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id))
}

/** Returns the token in clear exactly once; only its SHA-256 is stored. */
export async function createApiToken(db: DbOrTx, userId: number, name: string) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  const [row] = await db.insert(tables.apiTokens).values({ userId, name, tokenHash: sha256(token) })
    .returning({ id: tables.apiTokens.id, name: tables.apiTokens.name, createdAt: tables.apiTokens.createdAt })
  return { ...row!, token }
}

export async function deleteApiToken(db: DbOrTx, userId: number, id: number): Promise<void> {
  const { apiTokens } = tables
  const [deleted] = await db.delete(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId))).returning({ tokenHash: apiTokens.tokenHash })
  if (!deleted) throw apiError('TokenNotFound', 'Token not found.')
  // Its open live-update streams end at once, in every process (issue 20).
  await endStreams(db, [streamKeys.token(deleted.tokenHash)])
}
