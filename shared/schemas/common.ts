import { z } from 'zod'

/** A positive integer id from a path segment or JSON. */
export const idSchema = z.coerce.number({ error: 'Must be a number' }).int().positive().max(Number.MAX_SAFE_INTEGER)

export const slugSchema = z.string().trim().toLowerCase().min(2).max(48).regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lower-case letters, digits and dashes')

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'Enter a valid email address' }))

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})

export const nameSchema = z.string().trim().min(1, 'Required').max(120)

/** Routes without path parameters. */
export const emptyParams = z.object({})

/** `GET /api/events?after=`: resume the live stream after this event id. */
export const liveEventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() })
