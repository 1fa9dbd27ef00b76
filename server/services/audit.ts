import { auditEventHash, GENESIS, verifyChain, type ChainedEvent } from '#shared/audit-chain.mjs'
import { count, desc, eq } from 'drizzle-orm'

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
  insertEvent().run(event.workspaceId, event.actorId, event.supportSessionId, event.action, event.targetType, event.targetId, event.data, event.createdAt, event.prevHash, auditEventHash(event))
}

const eventsAfter = preparedOnce(db => db.$client.prepare<[number], ChainedEvent>(`select id, workspace_id as workspaceId, actor_id as actorId,
  support_session_id as supportSessionId, action, target_type as targetType, target_id as targetId, data, created_at as createdAt,
  prev_hash as prevHash, hash from audit_events where id > ? order by id limit 1000`))

/** Walks every chain, oldest event first; returns the first broken event, or null when every link holds. */
export function verifyAuditChain(): { ok: true, count: number } | { ok: false, brokenAt: number, count: number } {
  const lastHashOfChain = new Map<number | null, string>()
  let count = 0
  let lastId = 0
  for (;;) {
    const batch = eventsAfter().all(lastId)
    if (batch.length === 0) return { ok: true, count }
    for (const row of batch) {
      const check = verifyChain([row], lastHashOfChain.get(row.workspaceId) ?? GENESIS)
      if (!check.ok) return { ok: false, brokenAt: row.id, count }
      lastHashOfChain.set(row.workspaceId, check.lastHash)
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
