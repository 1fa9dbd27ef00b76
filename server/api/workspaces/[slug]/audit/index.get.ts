import { auditQuery } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/support'
import { listWorkspaceAudit } from '~~/server/services/audit'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { page, pageSize, supportSession } = validQuery(event, auditQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read')
  return { ...await listWorkspaceAudit(workspace.id, page, pageSize, supportSession), page, pageSize }
})
