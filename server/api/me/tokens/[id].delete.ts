import { plainIdParams } from '#shared/schemas/workspaces'
import { deleteApiToken } from '~~/server/services/accounts/tokens'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: plainIdParams,
  status: 204,
  run: (scope, { params }) => deleteApiToken(scope, params.id),
})
