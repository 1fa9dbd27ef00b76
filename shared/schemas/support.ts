import { z } from 'zod'
import { idSchema, pageQuerySchema, slugSchema } from './common'

export const workspaceSlugParams = z.object({ slug: slugSchema })

export const supportSessionParams = z.object({ slug: slugSchema, id: idSchema })

export const requestSupportSchema = z.object({
  // A time without a zone would mean something different on every machine: the API takes `Z` or an offset only.
  expiresAt: z.union([z.iso.datetime({ offset: true, error: 'Give a time with a zone (Z or an offset such as +02:00)' }), z.literal(''), z.null()]).optional()
    .transform(value => (value ? new Date(value) : null)),
  reason: z.string().trim().max(500, 'At most 500 characters').optional().default(''),
})

export const adminWorkspacesQuery = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().default(''),
})
