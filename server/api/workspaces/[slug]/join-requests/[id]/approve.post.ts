import { joinRequestParams } from '#shared/schemas/workspaces'
import { decideJoinRequest, joinRequestSubject } from '~~/server/services/workspaces/join-requests'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: joinRequestParams,
  action: 'workspace.members.manage',
  subject: (tx, { actor, workspace }, { params }) => joinRequestSubject(tx, actor.id, workspace.id, params.id),
  run: (scope, { params }) => decideJoinRequest(scope, params.id, 'approved'),
})
