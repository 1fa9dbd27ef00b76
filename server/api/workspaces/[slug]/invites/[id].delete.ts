import { inviteParams } from '#shared/schemas/workspaces'
import { revokeInvite } from '~~/server/services/workspaces/invites'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: inviteParams,
  action: 'workspace.members.manage',
  status: 204,
  run: (scope, { params }) => revokeInvite(scope, params.id),
})
