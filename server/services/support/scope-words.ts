import { inArray } from 'drizzle-orm'
import { scopeWords, type SupportScope } from '#shared/support/scope'
import { tables, useDb, type DbOrTx } from '../../database'

/**
 * Scopes in words with their projects' names ("Read-only · Tower"), as emails, the banner and the
 * change report say them (SPEC 3.12): one query for every project the scopes name.
 */
export async function scopeTexts(scopes: SupportScope[], db: DbOrTx = useDb(), mayName?: (projectId: number) => boolean): Promise<string[]> {
  const ids = [...new Set(scopes.flatMap(scope => (scope.projects === 'all' ? [] : scope.projects)))]
  const p = tables.projects
  const names = new Map(ids.length ? (await db.select({ id: p.id, name: p.name }).from(p).where(inArray(p.id, ids))).map(row => [row.id, row.name]) : [])
  return scopes.map(scope => scopeWords(scope, names, mayName))
}

export async function scopeText(scope: SupportScope, db: DbOrTx = useDb()): Promise<string> {
  return (await scopeTexts([scope], db))[0]!
}
