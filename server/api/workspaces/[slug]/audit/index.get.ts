import { pageQuerySchema } from '#shared/schemas/common'
import { workspaceSlugParams } from '#shared/schemas/support'
import { listWorkspaceAudit } from '~~/server/services/audit'

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { page, pageSize } = validQuery(event, pageQuerySchema)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read')
  const { items, total } = listWorkspaceAudit(workspace.id, page, pageSize)
  return {
    items: items.map(({ event: e, actor }) => ({
      id: e.id, action: e.action, actor, supportSessionId: e.supportSessionId, targetType: e.targetType, targetId: e.targetId,
      data: JSON.parse(e.data), createdAt: iso(e.createdAt), hash: e.hash,
    })),
    total, page, pageSize,
  }
})
