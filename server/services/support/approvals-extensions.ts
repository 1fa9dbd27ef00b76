import { asc, eq, inArray } from 'drizzle-orm'
import { reportedStatus, type ExtensionStatus } from '#shared/support/status'
import type { DbOrTx } from '../../database'
import { person, type SessionRow } from './session-rows'
import { tableAlias, tables } from '../../database'

/** `by: null, auto: true`: approved by the workspace's policy itself (SPEC 3.13). */
export interface Approval { by: { id: number, name: string } | null, at: string, comment: string | null, auto?: true }

/** Each session's approvals, oldest first, in one query. */
export async function approvalsOf(db: DbOrTx, ids: number[]): Promise<Map<number, Approval[]>> {
  const out = new Map<number, Approval[]>()
  if (!ids.length) return out
  const { supportApprovals: a, users } = tables
  const rows = await db.select({ sessionId: a.sessionId, userId: a.userId, name: users.name, at: a.approvedAt, comment: a.comment })
    .from(a).leftJoin(users, eq(users.id, a.userId))
    .where(inArray(a.sessionId, ids)).orderBy(asc(a.approvedAt), asc(a.userId))
  for (const r of rows) {
    const list = out.get(r.sessionId) ?? []
    list.push({ by: person(r.userId, { id: r.name === null ? null : r.userId, name: r.name })!, at: iso(r.at)!, comment: r.comment })
    out.set(r.sessionId, list)
  }
  return out
}

export interface Extension {
  id: number
  expiresAt: string
  reason: string
  status: ExtensionStatus
  createdAt: string
  firstApprovedBy: { id: number, name: string } | null
  decidedBy: { id: number, name: string } | null
  decidedAt: string | null
}

/** Each session's requests for more time, oldest first, in one query; an undecided one ends with its session. */
export async function extensionsOf(db: DbOrTx, rows: SessionRow[], now: Date): Promise<Map<number, Extension[]>> {
  const out = new Map<number, Extension[]>()
  if (!rows.length) return out
  const active = new Set(rows.filter(r => reportedStatus(r.session, now) === 'active').map(r => r.session.id))
  const { supportExtensions: x, users } = tables
  const first = tableAlias(users, 'first_approver')
  const decider = tableAlias(users, 'decider')
  const found = await db.select({ x, first: { id: first.id, name: first.name }, decider: { id: decider.id, name: decider.name } })
    .from(x).leftJoin(first, eq(first.id, x.firstApprovedBy)).leftJoin(decider, eq(decider.id, x.decidedBy))
    .where(inArray(x.sessionId, rows.map(r => r.session.id))).orderBy(asc(x.id))
  for (const { x: e, first: firstApprover, decider: decidedBy } of found) {
    const list = out.get(e.sessionId) ?? []
    list.push({
      id: e.id,
      expiresAt: iso(e.expiresAt)!,
      reason: e.reason,
      status: e.status === 'pending' && !active.has(e.sessionId) ? 'expired' : e.status,
      createdAt: iso(e.createdAt)!,
      firstApprovedBy: person(e.firstApprovedBy, firstApprover),
      decidedBy: person(e.decidedBy, decidedBy),
      decidedAt: iso(e.decidedAt),
    })
    out.set(e.sessionId, list)
  }
  return out
}
