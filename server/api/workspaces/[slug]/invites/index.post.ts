import { workspaceSlugParams } from '#shared/schemas/support'
import { inviteSchema } from '#shared/schemas/workspaces'
import { createInvite } from '~~/server/services/invites'
import { isEmailOf } from '~~/server/services/workspace-rules'

export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: inviteSchema,
  action: 'workspace.members.manage',
  subject: async (tx, { actor }, { body }) => ({ isActor: await isEmailOf(tx, actor.id, body.email) }),
  status: 201,
  run: (scope, { body }) => createInvite(scope, body),
})
