import { auditEventContent, auditEventHash, GENESIS, verifyChain, type ChainedEvent } from '#shared/audit-chain.mjs'
import { SUPPORT_LIFECYCLE_ACTIONS } from '#shared/audit-sentences'
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, like, lte, notInArray, or, type SQL } from 'drizzle-orm'
import { AUDIT_CATEGORIES, type AuditCategory } from '#shared/schemas/audit'
import type { Db, DbOrTx } from '../database/connection'
import { afterCommit, nextTurn } from '../database/store'
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

type Unchained = Omit<ChainedEvent, 'id' | 'prevHash' | 'hash'>
type Appended = Pick<ChainedEvent, 'id' | 'prevHash' | 'hash'>

/** The chain an event belongs to: its workspace's, or the server's for events without one. */
const chainOf = (workspaceId: number | null) => (workspaceId === null ? 'server' : String(workspaceId))

/**
 * How each store appends an event to its chain, in the transaction of the change it records, so an event
 * commits or rolls back with it. Each workspace's events form their own chain, so its export verifies on
 * its own. This is most of what a support write costs beyond the owner's own write (issue 9's ratio),
 * so each store does it in as few steps as it can.
 */
const chainAppend = preparedOnce((db): ((e: Unchained) => Promise<Appended>) => (useStore().dialect === 'sqlite' ? sqliteAppend(db) : postgresAppend(db)))

/**
 * SQLite: one writer connection per process, so the writer knows each chain's head from its own last
 * commit and skips the lookup, for as long as no other process has written to the file (`data_version`
 * moves when another connection commits). A head is learnt only once its transaction commits.
 */
function sqliteAppend(db: Db) {
  const lastIn = db.$client.prepare<[number], string>('select hash from audit_events where workspace_id = ? order by id desc limit 1').pluck()
  const lastServer = db.$client.prepare<[], string>('select hash from audit_events where workspace_id is null order by id desc limit 1').pluck()
  const dataVersion = db.$client.prepare<[], number>('pragma data_version').pluck()
  const insert = db.$client.prepare<unknown[]>(`insert into audit_events
    (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const knownHeads = new Map<string, string>()
  let seenVersion: number | undefined
  return async (e: Unchained): Promise<Appended> => {
    const version = dataVersion.get()
    if (version !== seenVersion) {
      knownHeads.clear()
      seenVersion = version
    }
    const chain = chainOf(e.workspaceId)
    const prevHash = knownHeads.get(chain) ?? (e.workspaceId === null ? lastServer.get() : lastIn.get(e.workspaceId)) ?? GENESIS
    const hash = auditEventHash({ ...e, prevHash })
    const id = Number(insert.run(e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt, prevHash, hash).lastInsertRowid)
    // Until this commits the head is not known: a rollback leaves the chain where it was.
    knownHeads.delete(chain)
    afterCommit(() => knownHeads.set(chain, hash))
    return { id, prevHash, hash }
  }
}

/**
 * PostgreSQL: one round trip. The chain's head row moves to the new hash (computed by the database, as
 * auditEventHash does) and the event is inserted from it in the same statement; the row's lock keeps
 * each chain's appends in turn across processes until the write commits.
 */
const POSTGRES_APPEND = `with head as (
  insert into audit_chain_heads as h (chain, prev_hash, hash, events)
  values ($1, '${GENESIS}', encode(sha256(convert_to('${GENESIS}' || E'\\n' || $2::text, 'UTF8')), 'hex'), 1)
  on conflict (chain) do update set prev_hash = h.hash, hash = encode(sha256(convert_to(h.hash || E'\\n' || $2::text, 'UTF8')), 'hex'), events = h.events + 1
  returning prev_hash, hash
)
insert into audit_events (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
select $3, $4, $5, $6, $7, $8, $9, $10, prev_hash, hash from head
returning id, prev_hash, hash`

function postgresAppend(db: Db) {
  const client = (db as unknown as { session: { client: { query: (q: { name: string, text: string, values: unknown[] }) => Promise<{ rows: { id: number, prev_hash: string, hash: string }[] }> } } }).session.client
  return async (e: Unchained): Promise<Appended> => {
    const values = [chainOf(e.workspaceId), auditEventContent(e), e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt]
    const { rows: [row] } = await client.query({ name: 'audit_append', text: POSTGRES_APPEND, values })
    return { id: row!.id, prevHash: row!.prev_hash, hash: row!.hash }
  }
}

/**
 * Appends one event to its chain, inside the transaction of the change it records, and answers it as
 * recorded. Changes are recorded through `recordChange` (record.ts), which also announces them.
 */
export async function appendAudit(input: AuditInput) {
  const event = {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    supportSessionId: input.supportSessionId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId === undefined ? null : String(input.targetId),
    data: JSON.stringify(input.data ?? {}),
    createdAt: Date.now(),
  }
  const { id, prevHash, hash } = await chainAppend()(event)
  return { ...event, id, prevHash, hash, data: input.data ?? {} }
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

export interface AuditFilter {
  /** Only the changes this support session made. */
  supportSessionId?: number
  actorId?: number
  category?: AuditCategory
  from?: Date
  to?: Date
}

/** The SQL of a filter: a category is its actions' prefixes ("member." …); support also takes what sessions did. */
function filterWhere(workspaceId: number, f: AuditFilter): SQL {
  const a = tables.auditEvents
  const prefixes = f.category ? AUDIT_CATEGORIES[f.category].map(p => like(a.action, `${p}.%`)) : []
  return and(
    eq(a.workspaceId, workspaceId),
    f.supportSessionId !== undefined ? and(eq(a.supportSessionId, f.supportSessionId), isChange) : undefined,
    f.actorId !== undefined ? eq(a.actorId, f.actorId) : undefined,
    f.category === 'support' ? or(...prefixes, isNotNull(a.supportSessionId)) : f.category ? or(...prefixes) : undefined,
    f.from ? gte(a.createdAt, f.from) : undefined,
    f.to ? lte(a.createdAt, f.to) : undefined,
  )!
}

/** A workspace's audit events, newest first, filtered; with `facets`, everyone who appears in its log. */
export async function listWorkspaceAudit(workspaceId: number, page: number, pageSize: number, filter: AuditFilter = {}, facets = false) {
  const a = tables.auditEvents
  const db = useDb()
  const where = filterWhere(workspaceId, filter)
  const items = (await eventsWithActor(db).where(where).orderBy(desc(a.id)).limit(pageSize).offset((page - 1) * pageSize)).map(auditItem)
  const result = { items, total: await countWhere(db, where) }
  if (!facets) return result
  const { users } = tables
  const people = await db.selectDistinct({ id: a.actorId, name: users.name }).from(a).leftJoin(users, eq(users.id, a.actorId))
    .where(and(eq(a.workspaceId, workspaceId), isNotNull(a.actorId)))
  const actors = people.map(p => ({ id: p.id!, name: p.name ?? DELETED_USER_NAME })).sort((x, y) => x.name.localeCompare(y.name))
  return { ...result, actors }
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
