import { desc, eq, inArray, sql } from 'drizzle-orm'
import { buildNameIndex, matchesOf, needleOf, type NameIndex } from './name-index'
import { tables, useDb } from '../../database'
import { prepareAs, preparedOnce } from '../../database/prepared'

/**
 * Server Settings → Workspaces searches names and slugs anywhere in the text, for every script's
 * letters, regardless of case and accents ("olwerk" finds "Ölwerk"). Each process keeps every
 * workspace's folded slug and name in memory (workspace-name-index.ts, about 5 MiB per 100,000
 * workspaces), re-read only when `workspaces_version` moves. The matches of recent queries are kept
 * until the next change, so paging through them is free.
 */
// Prepared once: the search runs on every keystroke in Server Settings → Workspaces.
const statements = preparedOnce((db) => {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  return {
    // Kept by triggers (migration 0008), so every process sees another's renames.
    // A number on both stores (PostgreSQL answers bigint as text), so versions compare as numbers.
    version: prepareAs('workspaces_version', db.select({ version: sql<number>`version`.mapWith(Number) }).from(sql`workspaces_version`).where(sql`id = 1`)),
    names: db.select({ id: w.id, slug: w.slug, name: w.name }).from(w).orderBy(desc(w.id)).prepare(),
    summaries: (ids: number[]) => db.select({
      id: w.id, slug: w.slug, name: w.name, plan: w.plan, createdAt: w.createdAt,
      memberCount: db.$count(m, eq(m.workspaceId, w.id)),
      projectCount: db.$count(p, eq(p.workspaceId, w.id)),
    }).from(w).where(inArray(w.id, ids)).orderBy(desc(w.id)),
  }
})

let index: NameIndex | null = null

/** The index being read, if one is: requests that find the index out of date wait for the one read. */
let reading: { version: number, index: Promise<NameIndex> } | null = null

async function indexNow(): Promise<NameIndex> {
  const version = (await statements().version.execute())[0]?.version ?? 0
  if (index?.version === version) return index
  // Reading every name takes a while: without this, each request arriving meanwhile would read them
  // all again, and a burst of searches after a change held that many copies at once.
  if (reading?.version !== version) {
    const read = { version, index: readIndex(version) }
    reading = read
    void read.index.finally(() => {
      if (reading === read) reading = null
    }).catch(() => undefined)
  }
  return reading.index
}

async function readIndex(version: number): Promise<NameIndex> {
  const read = buildNameIndex(version, await statements().names.execute())
  // A read that finished after a newer one does not replace it.
  if (!index || index.version <= version) index = read
  return read
}

/** Server Settings → Workspaces: search by name or slug, newest first, one page at a time. */
export async function searchWorkspaces(q: string, page: number, pageSize: number) {
  const matches = matchesOf(await indexNow(), needleOf(q))
  const offset = (page - 1) * pageSize
  const pageIds = Array.from(matches.subarray(offset, offset + pageSize))
  const items = pageIds.length ? await statements().summaries(pageIds) : []
  return { items: items.map(i => ({ ...i, createdAt: iso(i.createdAt) })), total: matches.length, page, pageSize }
}

export async function workspaceSummaryBySlug(slug: string) {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  const db = useDb()
  const [row] = await db.select({
    id: w.id, slug: w.slug, name: w.name, description: w.description, plan: w.plan, createdAt: w.createdAt,
    memberCount: db.$count(m, eq(m.workspaceId, w.id)),
    projectCount: db.$count(p, eq(p.workspaceId, w.id)),
  }).from(w).where(eq(w.slug, slug))
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return { ...row, createdAt: iso(row.createdAt) }
}
