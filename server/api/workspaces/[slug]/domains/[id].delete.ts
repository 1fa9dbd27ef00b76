import { domainParams } from '#shared/schemas/workspaces'
import { removeDomain } from '~~/server/services/workspaces/domains'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: domainParams,
  action: 'workspace.members.manage',
  status: 204,
  run: (scope, { params }) => removeDomain(scope, params.id),
})
