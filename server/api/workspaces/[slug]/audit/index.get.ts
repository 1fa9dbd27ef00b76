import { z } from 'zod'
import { pageQuerySchema } from '#shared/schemas/common'
import { workspaceSlugParams } from '#shared/schemas/support'
import { listWorkspaceAudit } from '~~/server/services/audit'

const auditQuery = pageQuerySchema.extend({
  /** Only the changes this support session made (its Changes list on the Support page). */
  supportSession: z.coerce.number().int().positive().optional(),
})

export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { page, pageSize, supportSession } = validQuery(event, auditQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read')
  return { ...listWorkspaceAudit(workspace.id, page, pageSize, supportSession), page, pageSize }
})
