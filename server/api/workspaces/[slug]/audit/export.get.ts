import { auditExportQuery } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/support'
import { exportWorkspaceAudit } from '~~/server/services/audit-export'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { format } = validQuery(event, auditExportQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read')
  const file = await exportWorkspaceAudit(workspace, format)
  setResponseHeaders(event, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    'content-disposition': `attachment; filename="${slug}-audit.${format}"`,
  })
  return file
})
