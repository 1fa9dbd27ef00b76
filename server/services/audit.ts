import { auditEventHash, GENESIS, verifyChain, type ChainedEvent } from '#shared/audit-chain.mjs'
import { SUPPORT_LIFECYCLE_ACTIONS } from '#shared/audit-sentences'
import { and, asc, count, desc, eq, gt, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../database/connection'
import { nextTurn } from '../database/store'
import { DELETED_USER_NAME } from './support/queries'

export interface AuditInput {
  workspaceId: number | null
  actorId: number | null
  supportSessionId?: number | null
  action: string
  targetType?: string
  targetId?: string | number
  data?: Record<string, unknown>
}

type ChainRow = Omit<ChainedEvent, 'id'>
interface ChainStatements {
  lastHash: (workspaceId: number | null) => Promise<string | undefined>
  insert: (row: ChainRow) => Promise<number>
}

/**
 * The two statements every audited write runs, prepared once per connection, in the transaction of the
 * change they record, so an event commits or rolls back with it. Each workspace's events form their own
 * chain, so its export verifies on its own; events without a workspace form the server's chain.
 * On SQLite they are raw statements on the writer connection: they are most of what a support write
 * costs beyond the owner's own write (issue 9's ratio).
 */
const chainStatements = preparedOnce((db): ChainStatements => {
  if (useStore().dialect === 'sqlite') {
    const lastIn = db.$client.prepare<[number], string>('select hash from audit_events where workspace_id = ? order by id desc limit 1').pluck()
    const lastServer = db.$client.prepare<[], string>('select hash from audit_events where workspace_id is null order by id desc limit 1').pluck()
    const insert = db.$client.prepare<unknown[]>(`insert into audit_events
      (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    return {
      lastHash: async workspaceId => (workspaceId === null ? lastServer.get() : lastIn.get(workspaceId)),
      insert: async e => Number(insert.run(e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt, e.prevHash, e.hash).lastInsertRowid),
    }
  }
  const a = tables.auditEvents
  const lastIn = prepareAs('audit_last_hash', db.select({ hash: a.hash }).from(a).where(eq(a.workspaceId, sql.placeholder('workspaceId'))).orderBy(desc(a.id)).limit(1))
  const lastServer = prepareAs('audit_last_server_hash', db.select({ hash: a.hash }).from(a).where(isNull(a.workspaceId)).orderBy(desc(a.id)).limit(1))
  const columns = ['workspaceId', 'actorId', 'supportSessionId', 'action', 'targetType', 'targetId', 'data', 'createdAt', 'prevHash', 'hash'] as const
  const insert = prepareAs('audit_insert', db.insert(a)
    .values(Object.fromEntries(columns.map(c => [c, sql.placeholder(c)])) as unknown as typeof a.$inferInsert)
    .returning({ id: a.id }))
  return {
    lastHash: async workspaceId => (workspaceId === null ? await lastServer.execute() : await lastIn.execute({ workspaceId }))[0]?.hash,
    insert: async e => (await insert.execute({ ...e, createdAt: new Date(e.createdAt) }))[0]!.id,
  }
})

/**
 * Appends one event to its chain, inside the transaction of the change it records, and answers it as
 * recorded. Changes are recorded through `recordChange` (record.ts), which also announces them.
 */
export async function appendAudit(input: AuditInput) {
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
    prevHash: GENESIS,
  }
  const chain = chainStatements()
  // One append per chain at a time, in every process, until this write commits.
  await serializeWrites(useDb(), `audit:${workspaceId ?? 'server'}`)
  event.prevHash = await chain.lastHash(workspaceId) ?? GENESIS
  const id = await chain.insert({ ...event, hash: auditEventHash(event) })
  return { ...event, id, data: input.data ?? {} }
}

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
export async function listWorkspaceAudit(workspaceId: number, page: number, pageSize: number, supportSessionId?: number) {
  const a = tables.auditEvents
  const db = useDb()
  const where = supportSessionId === undefined
    ? eq(a.workspaceId, workspaceId)
    : and(eq(a.supportSessionId, supportSessionId), eq(a.workspaceId, workspaceId), isChange)
  const items = (await eventsWithActor(db).where(where).orderBy(desc(a.id)).limit(pageSize).offset((page - 1) * pageSize)).map(auditItem)
  return { items, total: await countWhere(db, where) }
}

async function countWhere(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const a = tables.auditEvents
  return countOf(db.select({ n: count() }).from(a).where(where))
}

/** How many changes each of these sessions made. */
export async function changeCounts(sessionIds: number[]): Promise<Map<number, number>> {
  if (sessionIds.length === 0) return new Map()
  const a = tables.auditEvents
  const rows = await useDb().select({ id: a.supportSessionId, n: count() }).from(a)
    .where(and(inArray(a.supportSessionId, sessionIds), isChange)).groupBy(a.supportSessionId)
  return new Map(rows.map(r => [r.id!, r.n]))
}

/** A session's changes, oldest first, at most `limit`, with how many there are in all: the ended email. */
export async function sessionChanges(db: DbOrTx, sessionId: number, limit: number) {
  const a = tables.auditEvents
  const where = and(eq(a.supportSessionId, sessionId), isChange)
  const items = (await eventsWithActor(db).where(where).orderBy(asc(a.id)).limit(limit)).map(auditItem)
  return { items, total: await countWhere(db, where) }
}
