import { supportSessionParams } from '#shared/schemas/support'
import { approveSupportSession } from '~~/server/services/support/transitions'

/**
 * Reading the sessions lets the caller in; the transition itself decides who may approve.
 * @answer supportSessionAnswer
 */
export default defineWorkspaceWrite({
  params: supportSessionParams,
  action: 'workspace.support.read',
  run: (scope, { params }) => approveSupportSession(scope, params.id),
})
