import { hash } from 'node:crypto'
import { asc, count, desc, eq, gt } from 'drizzle-orm'
import type { DbOrTx } from '../database/connection'

export interface AuditInput {
  workspaceId: number | null
  actorId: number | null
  supportSessionId?: number | null
  action: string
  targetType?: string
  targetId?: string | number
  data?: Record<string, unknown>
}

const GENESIS = '0'.repeat(64)

type AuditRow = typeof tables.auditEvents.$inferSelect

/** The hash a row must carry: it covers the row's content and the previous row's hash. */
export function auditHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  const content = JSON.stringify([row.workspaceId, row.actorId, row.supportSessionId, row.action, row.targetType, row.targetId, row.data, row.createdAt.getTime()])
  // One-shot hashing: this runs inside every audited write's transaction.
  return hash('sha256', `${row.prevHash}\n${content}`)
}

// Raw prepared statements: these run on every audited write. On the one connection they join whatever
// transaction the caller has open, so an event commits or rolls back with the change it records.
const lastHash = preparedOnce(db => db.$client.prepare<[], { hash: string }>('select hash from audit_events where id = (select max(id) from audit_events)'))
const insertEvent = preparedOnce(db => db.$client.prepare(`insert into audit_events
  (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
  values (@workspaceId, @actorId, @supportSessionId, @action, @targetType, @targetId, @data, @createdAt, @prevHash, @hash)`))

/** Appends one event to the tamper-evident chain. Call inside the transaction of the change it records. */
export function appendAudit(input: AuditInput): void {
  const row = {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    supportSessionId: input.supportSessionId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId === undefined ? null : String(input.targetId),
    data: JSON.stringify(input.data ?? {}),
    createdAt: new Date(),
    prevHash: lastHash().get()?.hash ?? GENESIS,
  }
  insertEvent().run({ ...row, createdAt: row.createdAt.getTime(), hash: auditHash(row) })
}

/** Walks the whole chain; returns the first broken row, or null when every link holds. */
export function verifyAuditChain(db: DbOrTx): { ok: true, count: number } | { ok: false, brokenAt: number, count: number } {
  const { auditEvents } = tables
  let prev = GENESIS
  let count = 0
  let lastId = 0
  for (;;) {
    const batch = db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(1000).all()
    if (batch.length === 0) return { ok: true, count }
    for (const row of batch) {
      if (row.prevHash !== prev || auditHash(row) !== row.hash) return { ok: false, brokenAt: row.id, count }
      prev = row.hash
      lastId = row.id
      count++
    }
  }
}

export function listWorkspaceAudit(workspaceId: number, page: number, pageSize: number) {
  const { auditEvents, users } = tables
  const db = useDb()
  const items = db.select({ event: auditEvents, actor: { id: users.id, name: users.name } })
    .from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(eq(auditEvents.workspaceId, workspaceId))
    .orderBy(desc(auditEvents.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.workspaceId, workspaceId)).get()?.n ?? 0
  return { items, total }
}
