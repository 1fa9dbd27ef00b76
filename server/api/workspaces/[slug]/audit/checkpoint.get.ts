import { checkpointQuery } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { authorizeWorkspace } from '~~/server/gate/read-gate'
import { workspaceTreeNote } from '~~/server/services/audit/proofs'

/**
 * The workspace's audit log as it stands: the C2SP signed note (tlog-checkpoint) of its Merkle tree, its
 * origin, size and root, signed with the server's key (SPEC 3.14), as text/plain, followed by the
 * cosignature lines of every witness that cosigned it. `?size=` asks for the note of an earlier tree size.
 */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  const { size } = validQuery(event, checkpointQuery)
  const { workspace } = await authorizeWorkspace(event, slug, 'workspace.audit.read', { type: 'audit', everyTime: true })
  setResponseHeader(event, 'content-type', 'text/plain; charset=utf-8')
  return workspaceTreeNote(workspace.id, size)
})
