import { plainIdParams } from '#shared/schemas/workspaces'
import { deleteUser } from '~~/server/services/accounts/users'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: plainIdParams,
  requires: 'serverAdmin',
  status: 204,
  run: (scope, { params }) => deleteUser(scope, params.id),
})
