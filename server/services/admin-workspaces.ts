import { desc, eq, inArray, sql } from 'drizzle-orm'

/**
 * Server Settings → Workspaces searches names and slugs anywhere in the text, for every script's
 * letters, regardless of case and accents ("olwerk" finds "Ölwerk"). Each process keeps every
 * workspace's slug and folded name, newest first, in one string (about 4 MiB per 100,000 workspaces),
 * re-read only when `workspaces_version` moves, and finds a query with the engine's native substring
 * search: a few milliseconds at 100,000 workspaces, where a trigram index took 5–12 ms for a common
 * word. The matches of recent queries are kept until the next change, so paging through them is free.
 */
// Prepared once: the search runs on every keystroke in Server Settings → Workspaces.
const statements = preparedOnce((db) => {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  return {
    // Kept by triggers (migration 0008), so every process sees another's renames.
    // A number on both stores (PostgreSQL answers bigint as text), so versions compare as numbers.
    version: db.select({ version: sql<number>`version`.mapWith(Number) }).from(sql`workspaces_version`).where(sql`id = 1`).prepare(),
    names: db.select({ id: w.id, slug: w.slug, name: w.name }).from(w).orderBy(desc(w.id)).prepare(),
    summaries: (ids: number[]) => db.select({
      id: w.id, slug: w.slug, name: w.name, plan: w.plan, createdAt: w.createdAt,
      memberCount: db.$count(m, eq(m.workspaceId, w.id)),
      projectCount: db.$count(p, eq(p.workspaceId, w.id)),
    }).from(w).where(inArray(w.id, ids)).orderBy(desc(w.id)),
  }
})

/** Lower case without diacritics ("Ölwerk" → "olwerk"). */
function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Every workspace as one record `slug \u0001 name \u0000`, newest first; `starts[i]` is where record i begins. */
interface NameIndex { version: number, text: string, starts: Int32Array, ids: Int32Array, recent: Map<string, Int32Array> }
const RECENT_QUERIES = 200
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
  const rows = await statements().names.execute()
  const starts = new Int32Array(rows.length)
  const ids = new Int32Array(rows.length)
  const records: string[] = []
  let at = 0
  rows.forEach((w, i) => {
    const record = `${foldText(w.slug)}\u0001${foldText(w.name)}\u0000`
    starts[i] = at
    ids[i] = w.id
    at += record.length
    records.push(record)
  })
  const read: NameIndex = { version, text: records.join(''), starts, ids, recent: new Map() }
  // A read that finished after a newer one does not replace it.
  if (!index || index.version <= version) index = read
  return read
}

/** The ids of every workspace whose slug or name contains the needle, newest first. */
function matchesOf(ix: NameIndex, needle: string): Int32Array {
  const cached = ix.recent.get(needle)
  if (cached) return cached
  const found: number[] = []
  let from = 0 // the first record not yet matched
  let at = ix.text.indexOf(needle)
  while (at !== -1) {
    let lo = from
    let hi = ix.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (ix.starts[mid]! <= at) lo = mid
      else hi = mid - 1
    }
    found.push(ix.ids[lo]!)
    from = lo + 1 // one hit per workspace, even when both its slug and name match
    if (from >= ix.starts.length) break
    at = ix.text.indexOf(needle, ix.starts[from])
  }
  const ids = Int32Array.from(found)
  if (ix.recent.size >= RECENT_QUERIES) ix.recent.delete(ix.recent.keys().next().value!)
  ix.recent.set(needle, ids)
  return ids
}

/** Server Settings → Workspaces: search by name or slug, newest first, one page at a time. */
export async function searchWorkspaces(q: string, page: number, pageSize: number) {
  const ix = await indexNow()
  // The record separators cannot be searched for: a query holding one would match across records.
  const needle = [...foldText(q)].filter(c => c !== '\u0000' && c !== '\u0001').join('')
  const matches = needle ? matchesOf(ix, needle) : ix.ids
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
