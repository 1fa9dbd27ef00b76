import { adminWorkspacesQuery } from '#shared/support/schemas'
import { searchWorkspaces } from '~~/server/services/workspaces/admin-list'
import { flaggedEmergencies } from '~~/server/services/support/review'
import { requireLicense } from '~~/server/gate/read-gate'
import { requireServerAdmin } from '~~/server/gate/caller'
import { useDb } from '~~/server/database'

/**
 * Every workspace on the server, searchable by name or slug, newest first (server admins).
 * @answer adminWorkspacesAnswer
 */
export default defineEventHandler(async (event) => {
  const { q, page, pageSize } = validQuery(event, adminWorkspacesQuery)
  await requireServerAdmin(event)
  requireLicense()
  const found = await searchWorkspaces(q, page, pageSize)
  // SPEC 3.13: an emergency session its workspace flagged is shown to every server admin, by its workspace.
  const flagged = await flaggedEmergencies(useDb(), found.items.map(i => i.id))
  return { ...found, items: found.items.map(i => ({ ...i, flaggedEmergencies: flagged.get(i.id) ?? 0 })) }
})
