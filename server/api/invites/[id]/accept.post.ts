import { plainIdParams } from '#shared/schemas/workspaces'
import { acceptInvite } from '~~/server/services/workspaces/invites'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: plainIdParams,
  requires: 'license',
  run: (scope, { params }) => acceptInvite(scope, params.id),
})
