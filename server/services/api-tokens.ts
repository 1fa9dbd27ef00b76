import { randomBytes } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../database/connection'

const TOKEN_PREFIX = 'sat_'

export function listApiTokens(userId: number) {
  const { apiTokens } = tables
  return useDb().select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id)).all()
}

/** Returns the token in clear exactly once; only its SHA-256 is stored. */
export function createApiToken(db: DbOrTx, userId: number, name: string) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  const row = db.insert(tables.apiTokens).values({ userId, name, tokenHash: sha256(token) })
    .returning({ id: tables.apiTokens.id, name: tables.apiTokens.name, createdAt: tables.apiTokens.createdAt }).get()
  return { ...row, token }
}

export function deleteApiToken(db: DbOrTx, userId: number, id: number): void {
  const { apiTokens } = tables
  const result = db.delete(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId))).run()
  if (result.changes === 0) throw apiError('TokenNotFound', 'Token not found.')
}
