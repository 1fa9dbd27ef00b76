import { inviteSchema, workspaceSlugParams } from '#shared/schemas/workspaces'
import { createInvite } from '~~/server/services/workspaces/invites'
import { emailSubject } from '~~/server/services/workspaces/subjects'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: inviteSchema,
  action: 'workspace.members.manage',
  subject: (tx, { actor }, { body }) => emailSubject(tx, actor.id, body.email),
  status: 201,
  rateLimits: (actor, { params }) => [[RATE_LIMITS.invitePerWorkspace, params.slug], [RATE_LIMITS.invitePerInviter, actor.id]],
  run: (scope, { body }) => createInvite(scope, body),
})
