import { createProjectSchema } from '#shared/schemas/projects'
import { createProject } from '~~/server/services/projects'

/** Personal projects: anyone signed in may create one and owns it. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const input = await validBody(event, createProjectSchema)
  setResponseStatus(event, 201)
  return createProject({ ...input, visibility: 'private', workspaceId: null }, actor, true)
})
