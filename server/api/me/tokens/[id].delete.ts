import { plainIdParams } from '#shared/schemas/workspaces'
import { deleteApiToken } from '~~/server/services/accounts/tokens'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: plainIdParams,
  status: 204,
  run: ({ tx, actor }, { params }) => deleteApiToken(tx, actor.id, params.id),
})
