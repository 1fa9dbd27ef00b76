import { createWorkspaceSchema } from '#shared/schemas/workspaces'
import { createWorkspace } from '~~/server/services/workspaces'

export default defineEventHandler(async (event) => {
  requireLicense()
  const actor = await requireActor(event)
  const input = await validBody(event, createWorkspaceSchema)
  setResponseStatus(event, 201)
  return createWorkspace(actor, input)
})
