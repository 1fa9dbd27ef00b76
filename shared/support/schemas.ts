import { z } from 'zod'
import { idSchema, pageQuerySchema, slugSchema } from '../schemas/common'

export const supportSessionParams = z.object({ slug: slugSchema, id: idSchema })

export const requestSupportSchema = z.object({
  // A time without a zone would mean something different on every machine: the API takes `Z` or an offset only.
  expiresAt: z.union([z.iso.datetime({ offset: true, error: 'Give a time with a zone (Z or an offset such as +02:00)' }), z.literal(''), z.null()]).optional()
    .transform(value => (value ? new Date(value) : null)),
  reason: z.string().trim().max(500, 'At most 500 characters').optional().default(''),
})

const zonedTime = z.iso.datetime({ offset: true, error: 'Give a time with a zone (Z or an offset such as +02:00)' })

/**
 * `POST …/support-sessions/:id/approve` (SPEC 3.7 approver controls): an Admin may set an earlier
 * expiry, or one where the request had none, and leave a comment for the requester. No body approves
 * the request as asked.
 */
export const approveSupportSchema = z.object({
  expiresAt: zonedTime.optional().transform(value => (value ? new Date(value) : undefined)),
  comment: z.string().trim().max(500, 'At most 500 characters').optional().transform(value => value || null),
}).strict()

/** `POST /api/admin/workspaces/:slug/support-sessions/:id/extensions`: more time for an active session. */
export const requestExtensionSchema = z.object({
  expiresAt: zonedTime.transform(value => new Date(value)),
  reason: z.string().trim().max(500, 'At most 500 characters').optional().default(''),
}).strict()

export const supportExtensionParams = supportSessionParams.extend({ extensionId: idSchema })

/** A server admin's searchable list (workspaces, users, emails): a page and what to look for. */
export const adminSearchQuery = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().default(''),
})
export const adminWorkspacesQuery = adminSearchQuery
export const adminUsersQuery = adminSearchQuery
