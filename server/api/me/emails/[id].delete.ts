import { plainIdParams } from '#shared/schemas/workspaces'
import { removeEmail } from '~~/server/services/accounts/emails'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: plainIdParams,
  status: 204,
  run: (scope, { params }) => removeEmail(scope, params.id),
})
