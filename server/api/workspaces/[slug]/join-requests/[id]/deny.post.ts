import { joinRequestParams } from '#shared/schemas/workspaces'
import { decideJoinRequest } from '~~/server/services/workspaces/join-requests'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: joinRequestParams,
  action: 'workspace.members.manage',
  run: (scope, { params }) => decideJoinRequest(scope, params.id, 'denied'),
})
