import { auditExportName, auditExportQuery, auditRange } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { exportWorkspaceAudit } from '~~/server/services/audit/export'
import { authorizeWorkspace } from '~~/server/gate/read-gate'

/**
 * A workspace's audit log as JSON (verifiable offline with `npm run audit:verify`) or CSV, whole or for a
 * range of dates or tree positions (SPEC 3.14), naming every actor and saying each event in words; the audit
 * log page's Person and Kind filters narrow it as they narrow the page.
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const query = validQuery(event, auditExportQuery)
  const { format, from, to, fromIndex, toIndex, actorId, category } = query
  // A server admin's export carries the whole log away: it is in the access log every time (SPEC 3.10).
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read', { type: 'audit', everyTime: true })
  const file = await exportWorkspaceAudit(workspace, format, { ...auditRange(from, to), fromIndex, toIndex }, { actorId, category })
  setResponseHeaders(event, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    'content-disposition': `attachment; filename="${auditExportName(slug, query)}"`,
  })
  return file
})
