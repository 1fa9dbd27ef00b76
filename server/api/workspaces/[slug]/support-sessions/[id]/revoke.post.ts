import { supportSessionParams } from '#shared/support/schemas'
import { revokeSupportSession } from '~~/server/services/support/transitions'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

/**
 * Workspace Admins revoke any open session; the requesting server admin ends their own.
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportSessionParams,
  action: 'workspace.support.read',
  run: (scope, { params }) => revokeSupportSession(scope, params.id),
})
