import { projectParams } from '#shared/schemas/projects'
import { projectStandingRowForBench } from '~~/server/gate/read-gate'

/**
 * Benchmark baseline only (NUXT_BENCH_ROUTES=true): GET /api/projects/:id's own prepared lookup of the
 * project and the caller's standing, with the same credentials, but no permission decision and no
 * permissions block, so `authorized read ÷ baseline` measures authorization alone. Absent (404) otherwise.
 */
export default defineEventHandler(async (event) => {
  if (!useRuntimeConfig().benchRoutes) throw apiError('NotFound', 'No such API route.')
  const { id } = validParams(event, projectParams)
  const row = await projectStandingRowForBench(event, id)
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  return { project: row.project }
})
