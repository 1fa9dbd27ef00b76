import { eq } from 'drizzle-orm'

/**
 * The trigram index answers queries of three letters or more. One or two letters are too short for
 * it, so they are looked for in every name and slug, in memory: each process keeps the folded names
 * (about 1 MiB per 10,000 workspaces) and re-reads them only when `workspaces_version` has moved.
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
    version: q<[], number>('select version from workspaces_version where id = 1').pluck(),
    names: q<[], { id: number, slug: string, name: string }>('select w.id, w.slug, w.name from workspaces w order by w.id desc'),
  }
})

/** Lower case without diacritics ("Ölwerk" → "olwerk"), as the trigram index compares longer queries. */
function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

let names: { version: number, rows: { id: number, slug: string, name: string }[] } | null = null

/** Every workspace's slug and folded name, newest first, as of the latest change to any of them. */
function namesNow() {
  const s = statements()
  const version = s.version.get()!
  if (names?.version !== version) names = { version, rows: s.names.all().map(w => ({ id: w.id, slug: w.slug, name: foldText(w.name) })) }
  return names.rows
}

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
  else {
    // Every match, newest first, in one pass: the total and the page both come from it.
    const needle = foldText(q)
    const matches = [...q].length >= TRIGRAM
      ? s.matching.all(`"${q.replace(/"/g, '""')}"`)
      : namesNow().filter(w => w.slug.includes(needle) || w.name.includes(needle))
    const pageIds = matches.slice(offset, offset + pageSize).map(r => r.id)
    items = pageIds.length ? s.byIds.all(JSON.stringify(pageIds)) : []
    total = matches.length
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
