import { and, count, desc, eq, gte, inArray, lt, lte } from 'drizzle-orm'
import { GENESIS } from '#shared/audit-chain.mjs'
import { describeAuditEvent } from '#shared/audit-sentences'
import type { AuditCategory } from '#shared/schemas/audit'
import { allAuditEvents } from './chain'
import { categoryWhere } from './queries'
import { recordCheckpoint, signedCheckpoint } from './checkpoints'
import { DELETED_USER_NAME } from '../accounts/names'
import { tables, useDb, writeTransaction } from '../../database'

/** What the hashes cover, then two columns for people: who acted, by name, and the event in words. */
const COLUMNS = ['id', 'workspaceId', 'createdAt', 'action', 'actorId', 'actorName', 'description', 'supportSessionId', 'targetType', 'targetId', 'data', 'prevHash', 'hash'] as const

type ExportedEvent = Record<(typeof COLUMNS)[number], unknown>

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  // Quote everything that could break the row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

export interface ExportRange { from?: Date, to?: Date }

/** Account names by id; a deleted account is named as one. */
async function namesOf(ids: number[]): Promise<Map<number, string>> {
  const u = tables.users
  const names = new Map<number, string>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await useDb().select({ id: u.id, name: u.name }).from(u).where(inArray(u.id, ids.slice(i, i + 500)))
    for (const r of rows) names.set(r.id, r.name)
  }
  return names
}

/** The audit log page's Person and Kind filters, which its downloads follow. */
export interface ExportFilter { actorId?: number, category?: AuditCategory }

/** A workspace's audit events in a time range, oldest first, each with its actor's name and a sentence. */
async function workspaceEvents(workspaceId: number, range: ExportRange, filter: ExportFilter): Promise<ExportedEvent[]> {
  const a = tables.auditEvents
  const rows = []
  const where = and(
    eq(a.workspaceId, workspaceId), range.from ? gte(a.createdAt, range.from) : undefined, range.to ? lte(a.createdAt, range.to) : undefined,
    filter.actorId !== undefined ? eq(a.actorId, filter.actorId) : undefined, filter.category ? categoryWhere(filter.category) : undefined,
  )
  for await (const e of allAuditEvents(where)) rows.push(e)
  const names = await namesOf([...new Set(rows.map(e => e.actorId).filter((id): id is number => id !== null))])
  return rows.map((e) => {
    // `data` was stored as JSON.stringify wrote it, so the parsed object stringifies back to the hashed text.
    const data = JSON.parse(e.data) as Record<string, unknown>
    const actorName = e.actorId === null ? null : names.get(e.actorId) ?? DELETED_USER_NAME
    const description = describeAuditEvent({ action: e.action, actor: actorName ? { name: actorName } : null, targetType: e.targetType, targetId: e.targetId, data })
    return { ...e, createdAt: new Date(e.createdAt).toISOString(), actorName, description, data }
  })
}

/**
 * Where a range starts in the chain: how many events come before it and the hash it follows. The first
 * exported event carries that hash as its prevHash; an empty range needs it told.
 */
async function chainBefore(workspaceId: number, firstId: number | null, from: Date | undefined) {
  const a = tables.auditEvents
  const before = firstId !== null ? lt(a.id, firstId) : from ? lt(a.createdAt, from) : undefined
  if (!before) return { precedingEvents: 0, prevHash: GENESIS }
  const db = useDb()
  const where = and(eq(a.workspaceId, workspaceId), before)
  const [counted] = await db.select({ n: count() }).from(a).where(where)
  const [last] = await db.select({ hash: a.hash }).from(a).where(where).orderBy(desc(a.id)).limit(1)
  return { precedingEvents: counted?.n ?? 0, prevHash: last?.hash ?? GENESIS }
}

/**
 * A workspace's audit log as a file anyone can re-check: the JSON form carries every field the hashes
 * cover and the signed checkpoint of exactly these events, so `npm run audit:verify -- <file>` proves it
 * whole and untouched with no access to the server. A date range exports part of the chain: `range`
 * says how many events precede it and the hash it follows, and the checkpoint signs the chain up to its
 * last event. An export reaching the chain's end is a checkpoint the workspace is sent.
 */
export async function exportWorkspaceAudit(workspace: { id: number, slug: string, name: string }, format: 'csv' | 'json', range: ExportRange = {}, filter: ExportFilter = {}): Promise<string> {
  // A filtered export holds some events of the chain, not a stretch of it: each still carries its hash
  // and the one before it, so each proves itself untouched; completeness needs the unfiltered export.
  if (filter.actorId !== undefined || filter.category) return filteredExport(workspace, format, range, filter)
  const events = await workspaceEvents(workspace.id, range, filter)
  const ranged = !!(range.from || range.to)
  const start = ranged ? await chainBefore(workspace.id, (events[0]?.id as number | undefined) ?? null, range.from) : { precedingEvents: 0, prevHash: GENESIS }
  const head = (events.at(-1)?.hash as string | undefined) ?? start.prevHash
  const signed = await signedCheckpoint(workspace, start.precedingEvents + events.length, head)
  const reachesEnd = !range.to || range.to.getTime() >= Date.now()
  const checkpoint = reachesEnd ? await writeTransaction(tx => recordCheckpoint(tx, workspace, signed)) : signed
  if (format === 'json') {
    return JSON.stringify({
      workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
      exportedAt: new Date().toISOString(),
      ...(ranged ? { range: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, ...start } } : {}),
      checkpoint,
      events,
    }, null, 2)
  }
  return csvOf(events)
}

const csvOf = (events: ExportedEvent[]) => [COLUMNS.join(','), ...events.map(r => COLUMNS.map(c => csvCell(r[c])).join(','))].join('\n') + '\n'

async function filteredExport(workspace: { id: number, slug: string, name: string }, format: 'csv' | 'json', range: ExportRange, filter: ExportFilter): Promise<string> {
  const events = await workspaceEvents(workspace.id, range, filter)
  if (format === 'csv') return csvOf(events)
  return JSON.stringify({
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    exportedAt: new Date().toISOString(),
    filter: { actorId: filter.actorId ?? null, category: filter.category ?? null, from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null },
    events,
  }, null, 2)
}
