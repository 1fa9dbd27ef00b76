import { domainSchema, workspaceSlugParams } from '#shared/schemas/workspaces'
import { addDomain } from '~~/server/services/workspaces/domains'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: domainSchema,
  action: 'workspace.members.manage',
  status: 201,
  // A domain is verified by the acting admin's own email (SPEC 3.3), which a support session never lends (3.6).
  subject: () => ({ isActor: false, vouchedByActor: true }),
  run: (scope, { body }) => addDomain(scope, body.domain),
})
