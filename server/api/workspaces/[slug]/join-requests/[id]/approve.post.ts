import { joinRequestParams } from '#shared/schemas/workspaces'
import { decideJoinRequest, joinRequestUserId } from '~~/server/services/workspaces/join-requests'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: joinRequestParams,
  action: 'workspace.members.manage',
  subject: async (tx, { actor, workspace }, { params }) => ({ isActor: await joinRequestUserId(tx, workspace.id, params.id) === actor.id }),
  run: (scope, { params }) => decideJoinRequest(scope, params.id, 'approved'),
})
