import { count, desc, eq, or, sql } from 'drizzle-orm'

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, ch => `\\${ch}`)
}

/** The trigram index answers queries of three letters or more; shorter ones match name or slug prefixes. */
const TRIGRAM = 3

function searchFilter(q: string) {
  const w = tables.workspaces
  if (!q) return undefined
  if ([...q].length >= TRIGRAM) {
    // A quoted phrase: the trigram tokenizer matches it anywhere in the name or slug, folding case and accents.
    const phrase = `"${q.replace(/"/g, '""')}"`
    return sql`${w.id} in (select rowid from workspaces_search where workspaces_search match ${phrase})`
  }
  const pattern = `${escapeLike(q.toLowerCase())}%`
  return or(sql`${w.slug} like ${pattern} escape '\\'`, sql`${w.name} like ${pattern} escape '\\'`)
}

/** Server Settings → Workspaces: search by name or slug, newest first, one page at a time. */
export function searchWorkspaces(q: string, page: number, pageSize: number) {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  const db = useDb()
  const filter = searchFilter(q)
  const items = db.select({
    id: w.id,
    slug: w.slug,
    name: w.name,
    plan: w.plan,
    createdAt: w.createdAt,
    memberCount: db.$count(m, eq(m.workspaceId, w.id)),
    projectCount: db.$count(p, eq(p.workspaceId, w.id)),
  }).from(w).where(filter).orderBy(desc(w.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: count() }).from(w).where(filter).get()?.n ?? 0
  return { items: items.map(i => ({ ...i, createdAt: iso(i.createdAt) })), total, page, pageSize }
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
