import { consistencyProofQuery } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { authorizeWorkspace } from '~~/server/gate/read-gate'
import { consistencyProof } from '~~/server/services/audit/proofs'

/**
 * The RFC 9162 consistency proof that the workspace's audit tree of `from` events is a prefix of its
 * tree of `to` events (SPEC 3.14): nothing of the older log was changed or removed.
 * @answer auditConsistencyProofAnswer
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { from, to } = validQuery(event, consistencyProofQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read', { type: 'audit', everyTime: true })
  return consistencyProof(workspace.id, from, to)
})
