import { auditQuery, auditRange } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { listWorkspaceAudit } from '~~/server/services/audit/queries'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * A workspace's audit log, newest first, paged; filtered by support session, person, kind of change and
 * time (the Audit log page and the Support page's lists).
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { page, pageSize, supportSession, actorId, category, from, to, facets } = validQuery(event, auditQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read')
  const filter = { supportSessionId: supportSession, actorId, category, ...auditRange(from, to) }
  return { ...await listWorkspaceAudit(workspace.id, page, pageSize, filter, facets), page, pageSize }
})
