import { memberParams } from '#shared/schemas/workspaces'
import { removeMember } from '~~/server/services/workspaces/members'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: memberParams,
  action: 'workspace.members.manage',
  subject: (_tx, { actor }, { params }) => ({ isActor: params.userId === actor.id }),
  status: 204,
  run: (scope, { params }) => removeMember(scope, params.userId),
})
