import { eq, inArray } from 'drizzle-orm'
import { GENESIS, type ChainedEvent } from '#shared/audit-chain.mjs'
import { describeAuditEvent } from '#shared/audit-sentences'
import { inAuditCategory, type AuditCategory } from '#shared/schemas/audit'
import { encodeBase64 } from '#shared/transparency/base64'
import { proveInclusion } from '#shared/transparency/prove'
import { allAuditEvents } from './chain'
import { recordCheckpoint, signedCheckpoint } from './checkpoints'
import { cosignatureLines } from './cosignatures'
import { isRanged, rangePositions, type ExportRange } from './export-range'
import { signTreeNote } from './notes'
import { currentTree, treeChain, treeReader } from './tree'
import { DELETED_USER_NAME } from '../accounts/names'
import { tables, useDb, writeTransaction } from '../../database'

/** What the hashes cover, then two columns for people: who acted, by name, and the event in words. */
const COLUMNS = ['id', 'workspaceId', 'createdAt', 'action', 'actorId', 'actorName', 'description', 'supportSessionId', 'targetType', 'targetId', 'data', 'prevHash', 'hash'] as const

/** JSON also gives each event's tree position, and in a range its inclusion proof. */
type ExportedEvent = Record<(typeof COLUMNS)[number], unknown> & { index: number, inclusionProof?: string[] }

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  // Quote everything that could break the row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

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

/** The audit log page's Person and Kind filters, which its downloads follow (issue 35). */
export interface ExportFilter { actorId?: number, category?: AuditCategory }

const isFiltered = (filter: ExportFilter) => filter.actorId !== undefined || !!filter.category
const matches = (e: ChainedEvent, filter: ExportFilter) =>
  (filter.actorId === undefined || e.actorId === filter.actorId) && (!filter.category || inAuditCategory(e.action, e.supportSessionId, filter.category))

/** The first `size` events of a workspace's chain (its tree's leaves), oldest first. */
async function chainEvents(workspaceId: number, size: number): Promise<ChainedEvent[]> {
  const rows: ChainedEvent[] = []
  if (size === 0) return rows
  for await (const e of allAuditEvents(eq(tables.auditEvents.workspaceId, workspaceId))) {
    rows.push(e)
    if (rows.length === size) break
  }
  return rows
}

/** Each event as exported: the fields the hashes cover, its tree position, and the actor's name and a sentence for people. */
async function forPeople(picked: { e: ChainedEvent, index: number }[]): Promise<ExportedEvent[]> {
  const rows = picked.map(p => p.e)
  const names = await namesOf([...new Set(rows.map(e => e.actorId).filter((id): id is number => id !== null))])
  return rows.map((e, i) => {
    // `data` was stored as JSON.stringify wrote it, so the parsed object stringifies back to the hashed text.
    const data = JSON.parse(e.data) as Record<string, unknown>
    const actorName = e.actorId === null ? null : names.get(e.actorId) ?? DELETED_USER_NAME
    const description = describeAuditEvent({ action: e.action, actor: actorName ? { name: actorName } : null, targetType: e.targetType, targetId: e.targetId, data })
    return { index: picked[i]!.index, ...e, createdAt: new Date(e.createdAt).toISOString(), actorName, description, data }
  })
}

/** What the export's signature does not cover, said in the file itself (SPEC 3.14). */
const NOT_COVERED = {
  fields: ['actorName', 'description'],
  why: 'Added for people when exported: the account\'s name today and the event in words. Neither is in the event\'s hash, so no signature covers them.',
  cosignatures: 'The note\'s lines after the log\'s own signature are witnesses\' cosignatures (c2sp.org/tlog-cosignature) of its tree size and root, as GET …/audit/checkpoint?size= serves them. The log\'s signature does not cover them: each is its witness\'s own signature, checked only against that witness\'s key (npm run audit:verify --witness <vkey>), and the server may have left some out.',
}

/**
 * A workspace's audit log as a file anyone can re-check offline (`npm run audit:verify`, SPEC 3.14). It
 * carries the C2SP signed note of the workspace's Merkle tree as it stands, and the events by tree
 * position. A whole export holds every leaf, so the root is recomputed from them. A range (dates, which only
 * pick its first and last position, or positions) is one contiguous run of positions, each event with its
 * inclusion proof in the signed tree: nothing about a range is trusted that the signature does not cover.
 * The legacy JSON checkpoint (SPEC 3.8) of the whole tree is kept beside it for older verifiers and recorded
 * and sent to the workspace, as every export's checkpoint is.
 */
export async function exportWorkspaceAudit(workspace: { id: number, slug: string, name: string }, format: 'csv' | 'json', range: ExportRange = {}, filter: ExportFilter = {}): Promise<string> {
  const chain = treeChain(workspace.id)
  const { size, root } = await currentTree(chain)
  const all = await chainEvents(workspace.id, size)
  const ranged = isRanged(range)
  const filtered = isFiltered(filter)
  const positions = ranged ? rangePositions(all, range) : (all.length ? { first: 0, last: all.length - 1 } : null)
  const run = positions ? all.slice(positions.first, positions.last + 1).map((e, i) => ({ e, index: positions.first + i })) : []
  // A filtered download holds some events of the run, not a stretch of it: each carries its inclusion proof,
  // so each proves itself in the signed tree; only an unfiltered export shows that nothing is missing.
  const events = await forPeople(filtered ? run.filter(({ e }) => matches(e, filter)) : run)
  const note = await signTreeNote(workspace.id, size, root)
  const legacy = await signedCheckpoint(workspace, all.length, all.at(-1)?.hash ?? GENESIS)
  const { checkpoint } = await writeTransaction(tx => recordCheckpoint(tx, workspace, legacy, note))
  // The witnesses' cosignatures of this tree size and root, as the checkpoint route serves the note (SPEC 3.14).
  const cosigned = `${note}${await cosignatureLines(workspace.id, size, root)}`
  if (format === 'csv') return [COLUMNS.join(','), ...events.map(r => COLUMNS.map(c => csvCell(r[c])).join(','))].join('\n') + '\n'
  if (ranged || filtered) {
    const reader = treeReader(chain)
    for (const e of events) e.inclusionProof = (await proveInclusion(e.index, size, reader)).map(encodeBase64)
  }
  return JSON.stringify({
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    exportedAt: new Date().toISOString(),
    note: cosigned,
    ...(ranged ? { range: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, fromIndex: positions?.first ?? null, toIndex: positions?.last ?? null } } : {}),
    ...(filtered ? { filter: { actorId: filter.actorId ?? null, category: filter.category ?? null } } : {}),
    notCovered: NOT_COVERED,
    checkpoint: { ...checkpoint, legacy: true },
    events,
  }, null, 2)
}
