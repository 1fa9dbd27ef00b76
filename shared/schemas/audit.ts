import { z } from 'zod'
import { pageQuerySchema } from './common'

export const auditQuery = pageQuerySchema.extend({
  /** Only the changes this support session made (its Changes list on the Support page). */
  supportSession: z.coerce.number().int().positive().optional(),
})

export const auditExportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') })
