import { eq } from 'drizzle-orm'
import { GENESIS } from '#shared/audit-chain.mjs'
import { allAuditEvents } from './audit'
import { recordCheckpoint, signedCheckpoint } from './audit-checkpoints'

const COLUMNS = ['id', 'workspaceId', 'createdAt', 'action', 'actorId', 'supportSessionId', 'targetType', 'targetId', 'data', 'prevHash', 'hash'] as const

type ExportedEvent = Record<(typeof COLUMNS)[number], unknown>

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  // Quote everything that could break the row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Every audit event of a workspace, oldest first: its whole chain, from the first event on. */
async function workspaceEvents(workspaceId: number): Promise<ExportedEvent[]> {
  const events: ExportedEvent[] = []
  // `data` was stored as JSON.stringify wrote it, so the parsed object stringifies back to the hashed text.
  for await (const e of allAuditEvents(eq(tables.auditEvents.workspaceId, workspaceId))) {
    events.push({ ...e, createdAt: new Date(e.createdAt).toISOString(), data: JSON.parse(e.data) })
  }
  return events
}

/**
 * A workspace's audit log as a file anyone can re-check: the JSON form carries every field the hashes
 * cover and the signed checkpoint of exactly these events, so `npm run audit:verify -- <file>` proves it
 * whole and untouched with no access to the server. Every export is a checkpoint the workspace is sent.
 */
export async function exportWorkspaceAudit(workspace: { id: number, slug: string, name: string }, format: 'csv' | 'json'): Promise<string> {
  const events = await workspaceEvents(workspace.id)
  const head = (events.at(-1)?.hash as string | undefined) ?? GENESIS
  const checkpoint = await writeTransaction(tx => recordCheckpoint(tx, workspace, signedCheckpoint(workspace, events.length, head)))
  if (format === 'json') {
    return JSON.stringify({ workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, exportedAt: new Date().toISOString(), checkpoint, events }, null, 2)
  }
  return [COLUMNS.join(','), ...events.map(r => COLUMNS.map(c => csvCell(r[c])).join(','))].join('\n') + '\n'
}
