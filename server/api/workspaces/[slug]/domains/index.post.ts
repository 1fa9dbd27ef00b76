import { workspaceSlugParams } from '#shared/schemas/support'
import { domainSchema } from '#shared/schemas/workspaces'
import { addDomain } from '~~/server/services/domains'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: domainSchema,
  action: 'workspace.members.manage',
  status: 201,
  run: (scope, { body }) => addDomain(scope, body.domain),
})
