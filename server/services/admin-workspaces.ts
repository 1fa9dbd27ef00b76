import { count, desc, eq, or, sql } from 'drizzle-orm'

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, ch => `\\${ch}`)
}

/** Server Settings → Workspaces: search by name or slug prefix, newest first, one page at a time. */
export function searchWorkspaces(q: string, page: number, pageSize: number) {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  const db = useDb()
  const pattern = `${escapeLike(q.toLowerCase())}%`
  const filter = q ? or(sql`${w.slug} like ${pattern} escape '\\'`, sql`${w.name} like ${pattern} escape '\\'`) : undefined
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
