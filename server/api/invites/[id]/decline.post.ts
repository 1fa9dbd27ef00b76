import { plainIdParams } from '#shared/schemas/workspaces'
import { declineInvite } from '~~/server/services/workspaces/invites'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** The invitee declines an invite addressed to one of their verified emails (issue 35). */
export default defineAccountWrite({
  params: plainIdParams,
  requires: 'license',
  run: (scope, { params }) => declineInvite(scope, params.id),
})
