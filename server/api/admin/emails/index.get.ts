import { adminSearchQuery } from '#shared/support/schemas'
import { listOutbox } from '~~/server/services/mail/outbox'
import { requireServerAdmin } from '~~/server/gate/caller'
import { readAcrossWorkspaces } from '~~/server/gate/server-wide'

/**
 * Every email the server queued, newest first, searchable by recipient or subject (server admins). A
 * workspace's mail announces its audited changes, so it is shown as reading its audit log would be.
 */
export default defineEventHandler(async (event) => {
  const { page, pageSize, q } = validQuery(event, adminSearchQuery)
  const actor = await requireServerAdmin(event)
  return listOutbox(page, pageSize, q, readAcrossWorkspaces(event, actor, 'workspace.audit.read', { type: 'emails' }))
})
