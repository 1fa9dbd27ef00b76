import { listPersonalProjects } from '~~/server/services/projects/projects'
import { requireActor } from '~~/server/gate/caller'

export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return listPersonalProjects(actor.id)
})
