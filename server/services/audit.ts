import { auditEventHash, GENESIS, verifyChain } from '#shared/audit-chain.mjs'
import { SUPPORT_LIFECYCLE_ACTIONS } from '#shared/audit-sentences'
import { and, asc, count, desc, eq, inArray, notInArray } from 'drizzle-orm'
import { allAuditEvents } from '../database/audit-chains'
import type { DbOrTx } from '../database/connection'
import { DELETED_USER_NAME } from './support/queries'
import { queueWebhooksFor, webhookEventOf } from './webhooks/queue'

export interface AuditInput {
  workspaceId: number | null
  actorId: number | null
  supportSessionId?: number | null
  action: string
  targetType?: string
  targetId?: string | number
  data?: Record<string, unknown>
}

// Raw prepared statements: these run on every audited write. On the one connection they join whatever
// transaction the caller has open, so an event commits or rolls back with the change it records.
// Each workspace's events form their own chain, so its export verifies on its own; events without a
// workspace form the server's chain.
const lastHashIn = preparedOnce(db => db.$client.prepare<[number], string>('select hash from audit_events where workspace_id = ? order by id desc limit 1').pluck())
const lastServerHash = preparedOnce(db => db.$client.prepare<[], string>('select hash from audit_events where workspace_id is null order by id desc limit 1').pluck())
const insertEvent = preparedOnce(db => db.$client.prepare<unknown[]>(`insert into audit_events
  (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))

/** Appends one event to its chain. Call inside the transaction of the change it records. */
export function appendAudit(input: AuditInput): void {
  const workspaceId = input.workspaceId
  const event = {
    workspaceId,
    actorId: input.actorId,
    supportSessionId: input.supportSessionId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId === undefined ? null : String(input.targetId),
    data: JSON.stringify(input.data ?? {}),
    createdAt: Date.now(),
    prevHash: (workspaceId === null ? lastServerHash().get() : lastHashIn().get(workspaceId)) ?? GENESIS,
  }
  const { lastInsertRowid } = insertEvent().run(event.workspaceId, event.actorId, event.supportSessionId, event.action, event.targetType, event.targetId, event.data, event.createdAt, event.prevHash, auditEventHash(event))
  // Webhooks announce audited changes (SPEC 3.9): queued here, in the same transaction, so none is missed.
  if (workspaceId !== null && webhookEventOf(event.action, input.data ?? {})) {
    queueWebhooksFor(useDb(), { ...event, id: Number(lastInsertRowid), data: input.data ?? {} })
  }
}

/** Walks every chain, oldest event first; returns the first broken event, or null when every link holds. */
export function verifyAuditChain(): { ok: true, count: number } | { ok: false, brokenAt: number, count: number } {
  const lastHashOfChain = new Map<number | null, string>()
  let count = 0
  for (const row of allAuditEvents(useDb().$client)) {
    const check = verifyChain([row], lastHashOfChain.get(row.workspaceId) ?? GENESIS)
    if (!check.ok) return { ok: false, brokenAt: row.id, count }
    lastHashOfChain.set(row.workspaceId, check.lastHash)
    count++
  }
  return { ok: true, count }
}

/** The events a support session's own changes left: everything it recorded but its lifecycle (SPEC 3.8). */
const isChange = notInArray(tables.auditEvents.action, [...SUPPORT_LIFECYCLE_ACTIONS])

type AuditRow = typeof tables.auditEvents.$inferSelect

/** An event as the API shows it, naming its actor (a deleted account stays named as one). */
function auditItem({ event: e, actor }: { event: AuditRow, actor: { id: number | null, name: string | null } | null }) {
  return {
    id: e.id, action: e.action,
    actor: e.actorId === null ? null : { id: e.actorId, name: actor?.id ? actor.name! : DELETED_USER_NAME },
    supportSessionId: e.supportSessionId, targetType: e.targetType, targetId: e.targetId,
    data: JSON.parse(e.data) as Record<string, unknown>, createdAt: iso(e.createdAt), hash: e.hash,
  }
}

/** Audit events with the account that acted, for `auditItem`. */
function eventsWithActor(db: DbOrTx) {
  const { auditEvents: a, users } = tables
  return db.select({ event: a, actor: { id: users.id, name: users.name } }).from(a).leftJoin(users, eq(users.id, a.actorId))
}

/** A workspace's audit events, newest first; with `supportSessionId`, only the changes that session made. */
export function listWorkspaceAudit(workspaceId: number, page: number, pageSize: number, supportSessionId?: number) {
  const a = tables.auditEvents
  const db = useDb()
  const where = supportSessionId === undefined
    ? eq(a.workspaceId, workspaceId)
    : and(eq(a.supportSessionId, supportSessionId), eq(a.workspaceId, workspaceId), isChange)
  const items = eventsWithActor(db).where(where).orderBy(desc(a.id)).limit(pageSize).offset((page - 1) * pageSize).all().map(auditItem)
  const total = db.select({ n: count() }).from(a).where(where).get()?.n ?? 0
  return { items, total }
}

/** How many changes each of these sessions made. */
export function changeCounts(sessionIds: number[]): Map<number, number> {
  if (sessionIds.length === 0) return new Map()
  const a = tables.auditEvents
  const rows = useDb().select({ id: a.supportSessionId, n: count() }).from(a)
    .where(and(inArray(a.supportSessionId, sessionIds), isChange)).groupBy(a.supportSessionId).all()
  return new Map(rows.map(r => [r.id!, r.n]))
}

/** A session's changes, oldest first, at most `limit`, with how many there are in all: the ended email. */
export function sessionChanges(db: DbOrTx, sessionId: number, limit: number) {
  const a = tables.auditEvents
  const where = and(eq(a.supportSessionId, sessionId), isChange)
  const items = eventsWithActor(db).where(where).orderBy(asc(a.id)).limit(limit).all().map(auditItem)
  const total = db.select({ n: count() }).from(a).where(where).get()?.n ?? 0
  return { items, total }
}
