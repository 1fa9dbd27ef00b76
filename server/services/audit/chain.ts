import { GENESIS, verifyChain, type ChainedEvent } from '#shared/audit-chain.mjs'
import { and, asc, gt, type SQL } from 'drizzle-orm'
import { nextTurn, tables, useDb } from '../../database'

/** Every audit event, oldest first, as the chain hashes it; read in batches of a thousand. */
export async function* allAuditEvents(where?: SQL): AsyncGenerator<ChainedEvent> {
  const a = tables.auditEvents
  for (let lastId = 0; ;) {
    const batch = await useDb().select().from(a).where(and(gt(a.id, lastId), where)).orderBy(asc(a.id)).limit(1000)
    if (batch.length === 0) return
    for (const row of batch) yield { ...row, createdAt: row.createdAt.getTime() }
    lastId = batch.at(-1)!.id
    // Walking a million events must not hold every other request: on SQLite each read settles at once.
    await nextTurn()
  }
}

/** Walks every chain, oldest event first; returns the first broken event, or null when every link holds. */
export async function verifyAuditChain(): Promise<{ ok: true, count: number } | { ok: false, brokenAt: number, count: number }> {
  const lastHashOfChain = new Map<number | null, string>()
  let count = 0
  for await (const row of allAuditEvents()) {
    const check = verifyChain([row], lastHashOfChain.get(row.workspaceId) ?? GENESIS)
    if (!check.ok) return { ok: false, brokenAt: row.id, count }
    lastHashOfChain.set(row.workspaceId, check.lastHash)
    count++
  }
  return { ok: true, count }
}
