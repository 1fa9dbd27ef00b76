import { listPersonalProjects } from '~~/server/services/projects'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return listPersonalProjects(actor.id)
})
