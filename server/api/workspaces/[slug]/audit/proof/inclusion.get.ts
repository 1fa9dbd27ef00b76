import { inclusionProofQuery } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { authorizeWorkspace } from '~~/server/gate/read-gate'
import { inclusionProof } from '~~/server/services/audit/proofs'

/**
 * The RFC 9162 inclusion proof of the event at tree position `index` in the workspace's audit tree of
 * `size` events (SPEC 3.14).
 * @answer auditInclusionProofAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { index, size } = validQuery(event, inclusionProofQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read', { type: 'audit', everyTime: true })
  return inclusionProof(workspace.id, index, size)
})
