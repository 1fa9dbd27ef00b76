import { domainSchema, workspaceSlugParams } from '#shared/schemas/workspaces'
import { addDomain } from '~~/server/services/workspaces/domains'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: domainSchema,
  action: 'workspace.members.manage',
  status: 201,
  run: (scope, { body }) => addDomain(scope, body.domain),
})
