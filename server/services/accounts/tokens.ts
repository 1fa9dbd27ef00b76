import { randomBytes } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import { tables, useDb } from '../../database'
import { endStreams, streamKeys } from '../live/bus'

const TOKEN_PREFIX = 'sat_'

export async function listApiTokens(userId: number) {
  const { apiTokens } = tables
  return useDb().select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id))
}

/**
 * Returns the token in clear exactly once; only its SHA-256 is stored. Creating and deleting one are
 * audited in the server's chain and mailed to the account (SPEC 3.11).
 */
export async function createApiToken({ tx, actor, audit }: WriteScope, name: string) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  const [row] = await tx.insert(tables.apiTokens).values({ userId: actor.id, name, tokenHash: sha256(token) })
    .returning({ id: tables.apiTokens.id, name: tables.apiTokens.name, createdAt: tables.apiTokens.createdAt })
  await audit({ action: 'token.created', targetType: 'token', targetId: row!.id, data: { name: row!.name } })
  return { ...row!, token }
}

export async function deleteApiToken({ tx, actor, audit }: WriteScope, id: number): Promise<void> {
  const { apiTokens } = tables
  const [deleted] = await tx.delete(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.id))).returning({ name: apiTokens.name, tokenHash: apiTokens.tokenHash })
  if (!deleted) throw apiError('TokenNotFound', 'Token not found.')
  await audit({ action: 'token.deleted', targetType: 'token', targetId: id, data: { name: deleted.name } })
  // Its open live-update streams end at once, in every process (issue 20).
  await endStreams(tx, [streamKeys.token(deleted.tokenHash)])
}
