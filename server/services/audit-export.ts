import { asc, eq, gt, and } from 'drizzle-orm'

const COLUMNS = ['id', 'createdAt', 'action', 'actorId', 'supportSessionId', 'targetType', 'targetId', 'data', 'prevHash', 'hash'] as const

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value)
  // Quote everything that could break the row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Every audit event of a workspace, oldest first, with the hashes that let anyone re-check the chain. */
export function exportWorkspaceAudit(workspaceId: number, format: 'csv' | 'json'): string {
  const a = tables.auditEvents
  const rows: Record<(typeof COLUMNS)[number], unknown>[] = []
  let lastId = 0
  for (;;) {
    const batch = useDb().select().from(a).where(and(eq(a.workspaceId, workspaceId), gt(a.id, lastId))).orderBy(asc(a.id)).limit(1000).all()
    if (!batch.length) break
    for (const e of batch) rows.push({ ...e, createdAt: e.createdAt.toISOString() })
    lastId = batch.at(-1)!.id
  }
  if (format === 'json') return JSON.stringify(rows, null, 2)
  return [COLUMNS.join(','), ...rows.map(r => COLUMNS.map(c => csvCell(r[c])).join(','))].join('\n') + '\n'
}
