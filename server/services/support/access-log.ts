import { and, count, desc, eq, gt, isNull, type SQL } from 'drizzle-orm'
import { ACCESS_READ_ACTION, ACCESS_READ_WINDOW_MS, type AccessLogItem, type AccessResourceType } from '#shared/support/access'
import { afterCommit, countOf, serializeWrites, tables, useDb, writeTransaction } from '../../database'
import { appendAudit } from '../audit/append'
import { publishLive } from '../live/bus'
import { DELETED_USER_NAME } from '../accounts/names'

/**
 * Access transparency (SPEC 3.10): a server admin's read of a workspace they are not a member of is an
 * audit event in that workspace's chain, written before the read is answered, so the workspace sees it
 * as soon as the admin does and the record is as complete as the audit trail. One entry stands for the
 * same admin reading the same thing through the same route (under the same session, or none) for ten
 * minutes, so browsing does not flood the log while a list and an export of it stay two entries; an
 * audit export is recorded every time (it carries the whole log away). This process remembers the
 * entries it knows of, so a repeat costs one map lookup.
 * A new entry tells the workspace's Admins' open tabs (live event `access`).
 */

/** What a read was of, named by the read gate (the route's resource) and resolved to a name on first sight. */
export type SeenDetail = (
  | { type: Exclude<AccessResourceType, 'model' | 'version'> }
  | { type: 'model', id: number }
  | { type: 'version', id: number }
) & {
  /** Recorded at every read, never merged with an earlier entry (SPEC 3.10: an audit export). */
  everyTime?: boolean
}

export interface SupportRead {
  workspace: { id: number, slug: string, name: string }
  project: { id: number, name: string } | null
  actorId: number
  supportSessionId: number | null
  seen: SeenDetail
  route: string
}

/** Until when each admin × route × resource × session is already in the log, as far as this process knows. */
const knownUntil = new Map<string, number>()
const KNOWN_LIMIT = 50_000

function remember(key: string, until: number, now: number) {
  if (knownUntil.size >= KNOWN_LIMIT) {
    for (const [k, t] of knownUntil) if (t <= now) knownUntil.delete(k)
    if (knownUntil.size >= KNOWN_LIMIT) knownUntil.clear()
  }
  knownUntil.set(key, until)
}

/** The id a resource is logged under: the thing itself, or the workspace or project a list belongs to. */
function resourceId(read: SupportRead): number {
  const { seen } = read
  if ('id' in seen) return seen.id
  return read.project?.id ?? read.workspace.id
}

/** The name the entry keeps, as it was when read; null when the model or version is not in the project. */
async function resourceName(read: SupportRead): Promise<string | null> {
  const { seen, project } = read
  if (seen.type === 'model' || seen.type === 'version') {
    const { models, versions } = tables
    if (!project) return null
    if (seen.type === 'model') {
      const [row] = await useDb().select({ name: models.name }).from(models).where(and(eq(models.id, seen.id), eq(models.projectId, project.id)))
      return row ? row.name : null
    }
    const [row] = await useDb().select({ model: models.name, message: versions.message }).from(versions)
      .innerJoin(models, eq(models.id, versions.modelId)).where(and(eq(versions.id, seen.id), eq(models.projectId, project.id)))
    return row ? `${row.model}: ${row.message}` : null
  }
  return project?.name ?? read.workspace.name
}

/**
 * The entry already standing for this read, if one was written in the last ten minutes (by any process).
 * The lookup is the access index's range (the workspace's reads of the last ten minutes); the route sits
 * in the event's data, so it is compared here, among the few entries of this admin on this resource
 * (one per route they read it through), which keeps the chained row's shape and adds no index.
 */
async function standingEntry(read: SupportRead, id: number, since: number): Promise<Date | null> {
  const a = tables.auditEvents
  const rows = await useDb().select({ at: a.createdAt, data: a.data }).from(a).where(and(
    eq(a.workspaceId, read.workspace.id), eq(a.action, ACCESS_READ_ACTION), gt(a.createdAt, new Date(since)),
    eq(a.actorId, read.actorId), eq(a.targetType, read.seen.type), eq(a.targetId, String(id)),
    read.supportSessionId === null ? isNull(a.supportSessionId) : eq(a.supportSessionId, read.supportSessionId),
  )).orderBy(desc(a.createdAt))
  return rows.find(row => (JSON.parse(row.data) as { route?: string }).route === read.route)?.at ?? null
}

/** Records a server admin's read unless the same read is already in the log; called by the read gate. */
export async function recordSupportRead(read: SupportRead): Promise<void> {
  const id = resourceId(read)
  const key = `${read.workspace.id}:${read.actorId}:${read.supportSessionId ?? '-'}:${read.seen.type}:${id}:${read.route}`
  const now = Date.now()
  const everyTime = read.seen.everyTime === true
  if (!everyTime && (knownUntil.get(key) ?? 0) > now) return
  const until = await writeTransaction(async (tx) => {
    // Every instance's check and append for a workspace run in turn, so two never both find none.
    await serializeWrites(tx, `workspace:${read.workspace.id}`)
    const standing = everyTime ? null : await standingEntry(read, id, now - ACCESS_READ_WINDOW_MS)
    if (standing) return standing.getTime() + ACCESS_READ_WINDOW_MS
    const name = await resourceName(read)
    if (name === null) return null
    await appendAudit({
      workspaceId: read.workspace.id, actorId: read.actorId, supportSessionId: read.supportSessionId,
      action: ACCESS_READ_ACTION, targetType: read.seen.type, targetId: id,
      data: { name, route: read.route },
    })
    // Open Support pages of the workspace's Admins show it within a second.
    await publishLive(tx, { type: 'access', workspaceId: read.workspace.id, workspace: read.workspace.slug })
    return now + ACCESS_READ_WINDOW_MS
  })
  // Remembered once committed: called inside another write (a server-wide webhook's delivery is queued in
  // the change's transaction), this one joins it, and a rollback takes the entry away with the change.
  if (until !== null && !everyTime) afterCommit(() => remember(key, until, now))
}

export interface AccessLogFilter { actorId?: number, sessionId?: number }

/** A workspace's access log, newest first, paged; with the admins who appear in it for the filter's choices. */
export async function listAccessLog(workspaceId: number, page: number, pageSize: number, filter: AccessLogFilter) {
  const { auditEvents: a, users } = tables
  const db = useDb()
  const inLog = and(eq(a.workspaceId, workspaceId), eq(a.action, ACCESS_READ_ACTION))
  const where: SQL = and(
    inLog,
    filter.actorId !== undefined ? eq(a.actorId, filter.actorId) : undefined,
    filter.sessionId !== undefined ? eq(a.supportSessionId, filter.sessionId) : undefined,
  )!
  const rows = await db.select({ event: a, actorName: users.name }).from(a).leftJoin(users, eq(users.id, a.actorId))
    .where(where).orderBy(desc(a.createdAt), desc(a.id)).limit(pageSize).offset((page - 1) * pageSize)
  const items: AccessLogItem[] = rows.map(({ event: e, actorName }) => {
    const data = JSON.parse(e.data) as { name?: string, route?: string }
    return {
      id: e.id,
      actor: e.actorId === null ? null : { id: e.actorId, name: actorName ?? DELETED_USER_NAME },
      resource: { type: e.targetType as AccessLogItem['resource']['type'], id: Number(e.targetId), name: data.name ?? '' },
      route: data.route ?? '',
      at: e.createdAt.toISOString(),
      supportSessionId: e.supportSessionId,
    }
  })
  const total = await countOf(db.select({ n: count() }).from(a).where(where))
  const people = await db.selectDistinct({ id: a.actorId, name: users.name }).from(a).leftJoin(users, eq(users.id, a.actorId)).where(inLog)
  const actors = people.filter(p => p.id !== null).map(p => ({ id: p.id!, name: p.name ?? DELETED_USER_NAME })).sort((x, y) => x.name.localeCompare(y.name))
  return { items, total, actors }
}
