import { changeMemberSchema, memberParams } from '#shared/schemas/workspaces'
import { changeMember } from '~~/server/services/workspaces/members'
import { userSubject } from '~~/server/services/workspaces/subjects'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: memberParams,
  body: changeMemberSchema,
  action: 'workspace.members.manage',
  subject: (tx, { actor }, { params }) => userSubject(tx, actor.id, params.userId),
  run: (scope, { params, body }) => changeMember(scope, params.userId, body),
})
