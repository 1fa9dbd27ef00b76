import { plainIdParams } from '#shared/schemas/workspaces'
import { deletePasskey } from '~~/server/services/accounts/passkeys'
import { defineAccountWrite } from '~~/server/gate/write-gate'

export default defineAccountWrite({
  params: plainIdParams,
  status: 204,
  run: ({ tx, actor }, { params }) => deletePasskey(tx, actor.id, params.id),
})
