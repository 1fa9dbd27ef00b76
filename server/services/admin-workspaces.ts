import { eq } from 'drizzle-orm'
import { foldText } from '../database/connection'

/**
 * The trigram index answers queries of three letters or more. One or two letters are too short for
 * it, so they are looked for in every name and slug (a scan of one short column each, ~10k rows in a
 * few milliseconds: see `npm run bench`).
 */
const TRIGRAM = 3

interface Row { id: number, slug: string, name: string, plan: string, createdAt: number, memberCount: number, projectCount: number }

// Prepared once: the search runs on every keystroke in Server Settings → Workspaces.
const statements = preparedOnce((db) => {
  const q = <P extends unknown[], R>(sql: string) => db.$client.prepare<P, R>(sql)
  const page = `select w.id, w.slug, w.name, w.plan, w.created_at as createdAt,
      (select count(*) from workspace_members m where m.workspace_id = w.id) as memberCount,
      (select count(*) from projects p where p.workspace_id = w.id) as projectCount
    from workspaces w`
  return {
    /** Every match of a phrase anywhere in a name or slug, newest first: the page and the total come from it. */
    matching: q<[string], { id: number }>('select rowid as id from workspaces_search where workspaces_search match ? order by rowid desc'),
    byIds: q<[string], Row>(`${page} where w.id in (select value from json_each(?)) order by w.id desc`),
    newest: q<[number, number], Row>(`${page} order by w.id desc limit ? offset ?`),
    all: q<[], { n: number }>('select count(*) as n from workspaces'),
    short: q<[string, string, number, number], Row>(`${page} where instr(fold(w.name), ?) > 0 or instr(w.slug, ?) > 0 order by w.id desc limit ? offset ?`),
    shortCount: q<[string, string], { n: number }>(`select count(*) as n from workspaces w where instr(fold(w.name), ?) > 0 or instr(w.slug, ?) > 0`),
  }
})

/** Server Settings → Workspaces: search by name or slug, newest first, one page at a time. */
export function searchWorkspaces(q: string, page: number, pageSize: number) {
  const s = statements()
  const offset = (page - 1) * pageSize
  let items: Row[]
  let total: number
  if (!q) {
    items = s.newest.all(pageSize, offset)
    total = s.all.get()!.n
  }
  else if ([...q].length >= TRIGRAM) {
    const ids = s.matching.all(`"${q.replace(/"/g, '""')}"`).map(r => r.id)
    const pageIds = ids.slice(offset, offset + pageSize)
    items = pageIds.length ? s.byIds.all(JSON.stringify(pageIds)) : []
    total = ids.length
  }
  else {
    const needle = foldText(q)
    items = s.short.all(needle, needle, pageSize, offset)
    total = s.shortCount.get(needle, needle)!.n
  }
  return { items: items.map(i => ({ ...i, createdAt: iso(new Date(i.createdAt)) })), total, page, pageSize }
}

export function workspaceSummaryBySlug(slug: string) {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  const db = useDb()
  const row = db.select({
    id: w.id, slug: w.slug, name: w.name, description: w.description, plan: w.plan, createdAt: w.createdAt,
    memberCount: db.$count(m, eq(m.workspaceId, w.id)),
    projectCount: db.$count(p, eq(p.workspaceId, w.id)),
  }).from(w).where(eq(w.slug, slug)).get()
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return { ...row, createdAt: iso(row.createdAt) }
}
