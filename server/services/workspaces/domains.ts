import { and, asc, eq } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import { emailDomain, verifiedEmailsOf } from './rules'
import { tables, useDb } from '../../database'

type Workspace = typeof tables.workspaces.$inferSelect

export async function listDomains(workspaceId: number) {
  const d = tables.workspaceDomains
  const rows = await useDb().select().from(d).where(eq(d.workspaceId, workspaceId)).orderBy(asc(d.domain))
  return rows.map(row => ({ id: row.id, domain: row.domain, createdAt: iso(row.createdAt) }))
}

/** A domain is verified by the admin holding a verified email at it. */
export async function addDomain({ tx, actor, workspace, audit }: WriteScope & { workspace: Workspace }, domain: string) {
  const d = tables.workspaceDomains
  if (!(await verifiedEmailsOf(tx, actor.id)).some(email => emailDomain(email) === domain)) {
    throw apiError('DomainNotVerifiable', `Add and verify an email at ${domain} on your account first.`)
  }
  const [existing] = await tx.select().from(d).where(and(eq(d.workspaceId, workspace.id), eq(d.domain, domain)))
  const row = existing ?? (await tx.insert(d).values({ workspaceId: workspace.id, domain }).returning())[0]!
  if (!existing) await audit({ action: 'domain.added', targetType: 'domain', targetId: row.id, data: { domain } })
  return { id: row.id, domain: row.domain, createdAt: iso(row.createdAt) }
}

export async function removeDomain({ tx, workspace, audit }: WriteScope & { workspace: Workspace }, id: number) {
  const d = tables.workspaceDomains
  const [gone] = await tx.delete(d).where(and(eq(d.id, id), eq(d.workspaceId, workspace.id))).returning({ domain: d.domain })
  if (!gone) throw apiError('NotFound', 'Domain not found.')
  await audit({ action: 'domain.removed', targetType: 'domain', targetId: id, data: { domain: gone.domain } })
}
