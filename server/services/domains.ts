import { and, asc, eq } from 'drizzle-orm'
import type { WriteScope } from '../utils/write-scope'
import { emailDomain, verifiedEmailsOf } from './workspace-rules'

type Workspace = typeof tables.workspaces.$inferSelect

export function listDomains(workspaceId: number) {
  const d = tables.workspaceDomains
  return useDb().select().from(d).where(eq(d.workspaceId, workspaceId)).orderBy(asc(d.domain)).all()
    .map(row => ({ id: row.id, domain: row.domain, createdAt: iso(row.createdAt) }))
}

/** A domain is verified by the admin holding a verified email at it. */
export function addDomain({ tx, actor, workspace, audit }: WriteScope & { workspace: Workspace }, domain: string) {
  const d = tables.workspaceDomains
  if (!verifiedEmailsOf(tx, actor.id).some(email => emailDomain(email) === domain)) {
    throw apiError('DomainNotVerifiable', `Add and verify an email at ${domain} on your account first.`)
  }
  const existing = tx.select().from(d).where(and(eq(d.workspaceId, workspace.id), eq(d.domain, domain))).get()
  const row = existing ?? tx.insert(d).values({ workspaceId: workspace.id, domain }).returning().get()
  if (!existing) audit({ action: 'domain.added', targetType: 'domain', targetId: row.id, data: { domain } })
  return { id: row.id, domain: row.domain, createdAt: iso(row.createdAt) }
}

export function removeDomain({ tx, workspace, audit }: WriteScope & { workspace: Workspace }, id: number) {
  const d = tables.workspaceDomains
  const gone = tx.delete(d).where(and(eq(d.id, id), eq(d.workspaceId, workspace.id))).returning({ domain: d.domain }).get()
  if (!gone) throw apiError('NotFound', 'Domain not found.')
  audit({ action: 'domain.removed', targetType: 'domain', targetId: id, data: { domain: gone.domain } })
}
