import { changeMemberSchema, memberParams } from '#shared/schemas/workspaces'
import { changeMember } from '~~/server/services/workspaces/members'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: memberParams,
  body: changeMemberSchema,
  action: 'workspace.members.manage',
  subject: (_tx, { actor }, { params }) => ({ isActor: params.userId === actor.id }),
  run: (scope, { params, body }) => changeMember(scope, params.userId, body),
})
