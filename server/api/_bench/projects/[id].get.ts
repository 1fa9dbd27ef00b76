import { eq } from 'drizzle-orm'
import { projectParams } from '#shared/schemas/projects'

/**
 * Benchmark baseline only (NUXT_BENCH_ROUTES=true): the same single-row project lookup as
 * GET /api/projects/:id with no authentication or authorization. Absent (404) otherwise.
 */
export default defineEventHandler(async (event) => {
  if (!useRuntimeConfig().benchRoutes) throw apiError('NotFound', 'No such API route.')
  const { id } = validParams(event, projectParams)
  const [project] = await useDb().select().from(tables.projects).where(eq(tables.projects.id, id))
  if (!project) throw apiError('ProjectNotFound', 'Project not found.')
  return { project }
})
