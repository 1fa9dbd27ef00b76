import { z } from 'zod'
import { pageQuerySchema } from './common'

/** Groups of actions the audit log page filters by: an action's prefix before the dot decides its group. */
export const AUDIT_CATEGORIES = {
  support: ['support'],
  people: ['member', 'invite', 'join_request', 'domain', 'user'],
  projects: ['project', 'collaborator', 'model', 'version', 'comment'],
  settings: ['workspace'],
  webhooks: ['webhook'],
} as const satisfies Record<string, readonly string[]>
export type AuditCategory = keyof typeof AUDIT_CATEGORIES

/** Whether an event is of a Kind, as the page's SQL filter decides it (`categoryWhere`): its action's area, or any write a support session lent. */
export function inAuditCategory(action: string, supportSessionId: number | null, category: AuditCategory): boolean {
  return (AUDIT_CATEGORIES[category] as readonly string[]).includes(action.split('.')[0]!) || (category === 'support' && supportSessionId !== null)
}

/** A day (YYYY-MM-DD, counted in UTC) or a zoned time. */
const dayOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'Give a date (YYYY-MM-DD) or a time with a zone' })

export const auditQuery = pageQuerySchema.extend({
  /** Only the changes this support session made (its Changes list on the Support page). */
  supportSession: z.coerce.number().int().positive().optional(),
  /** Only what this account did. */
  actorId: z.coerce.number().int().positive().optional(),
  category: z.enum(Object.keys(AUDIT_CATEGORIES) as [AuditCategory, ...AuditCategory[]]).optional(),
  /** From this day or time on; a day `to` includes that whole day. */
  from: dayOrTime.optional(),
  to: dayOrTime.optional(),
  /** With the page, the people who appear in the workspace's log (for a filter's choices). */
  facets: z.enum(['true', 'false']).optional().transform(v => v === 'true'),
})

/** The time range of `from`/`to`: a bare day `to` reaches the end of that day (UTC). */
export function auditRange(from?: string, to?: string): { from?: Date, to?: Date } {
  const day = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v)
  return {
    from: from ? new Date(day(from) ? `${from}T00:00:00Z` : from) : undefined,
    to: to ? new Date(day(to) ? new Date(`${to}T00:00:00Z`).getTime() + 86_400_000 - 1 : new Date(to).getTime()) : undefined,
  }
}

/** A tree position or size (SPEC 3.14): a whole number a JavaScript number holds exactly. */
const treePosition = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

/** `GET …/audit/proof/inclusion?index=&size=`: index < size ≤ the tree's size (checked against the tree). */
export const inclusionProofQuery = z.object({ index: treePosition, size: treePosition })

/** `GET …/audit/checkpoint?size=`: the note of an earlier tree size (≤ the tree's size), e.g. one a witness cosigned; the latest without it. */
// `?size=` with no value is the latest tree, as no `size` is, never the empty tree.
export const checkpointQuery = z.object({ size: z.preprocess(v => (v === '' ? undefined : v), treePosition.optional()) })

/** `GET …/audit/proof/consistency?from=&to=`: 0 < from ≤ to ≤ the tree's size (checked against the tree). */
export const consistencyProofQuery = z.object({ from: treePosition, to: treePosition })

/**
 * An export, whole or a range (SPEC 3.14): `from`/`to` dates pick the range's first and last tree position,
 * or `fromIndex`/`toIndex` give them (0-based, inclusive); either way it is one contiguous run of positions.
 */
export const auditExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('json'),
  from: dayOrTime.optional(),
  to: dayOrTime.optional(),
  fromIndex: treePosition.optional(),
  toIndex: treePosition.optional(),
  /** The audit log page's Person and Kind filters, which its downloads follow (issue 35). */
  actorId: z.coerce.number().int().positive().optional(),
  category: z.enum(Object.keys(AUDIT_CATEGORIES) as [AuditCategory, ...AuditCategory[]]).optional(),
})

/**
 * An export's file name says what it holds, so two different downloads never share one (issue 35):
 * "acme-audit.json" (the whole log), "acme-audit-person-3-people-2026-12-01-to-2026-12-06.csv".
 */
export function auditExportName(slug: string, q: { format: 'csv' | 'json', from?: string, to?: string, fromIndex?: number, toIndex?: number, actorId?: number, category?: AuditCategory }): string {
  const day = (v: string) => v.replace(/[^0-9A-Za-z-]/g, '')
  const dates = q.from || q.to ? `${q.from ? day(q.from) : 'start'}-to-${q.to ? day(q.to) : 'now'}` : null
  const positions = q.fromIndex !== undefined || q.toIndex !== undefined ? `events-${q.fromIndex ?? 0}-to-${q.toIndex ?? 'end'}` : null
  const range = dates ?? positions
  const parts = [q.actorId ? `person-${q.actorId}` : null, q.category ?? null, range].filter(Boolean)
  return `${slug}-audit${parts.map(p => `-${p}`).join('')}.${q.format}`
}

/**
 * `POST …/audit/cosignatures` (SPEC 3.14): what a witness sends, the checkpoint's signed note with its
 * cosignature/v1 line added (C2SP signed-note text), and the witness's vkey (signature type 0x04), which
 * names the witness and checks its line. Notes are a few hundred bytes.
 */
export const cosignatureUpload = z.object({
  vkey: z.string().min(1).max(200),
  note: z.string().min(1).max(8192),
}).strict()
