import { z } from 'zod'
import { idSchema, pageQuerySchema, slugSchema } from '../schemas/common'
import { FULL_SCOPE, supportScopeSchema } from './scope'
import { isDotSegment } from './policy'
import { visibleTicket } from './ticket'

export const supportSessionParams = z.object({ slug: slugSchema, id: idSchema })

const zonedTime = z.iso.datetime({ offset: true, error: 'Give a time with a zone (Z or an offset such as +02:00)' })

/** SPEC 3.12: how long a session lasts from its activation, in minutes (10 minutes to 365 days). */
export const MIN_DURATION_MINUTES = 10
export const MAX_DURATION_MINUTES = 525600
const durationMinutes = z.number({ error: 'Give a number of minutes' }).int('Give whole minutes')
  .min(MIN_DURATION_MINUTES, `At least ${MIN_DURATION_MINUTES} minutes`).max(MAX_DURATION_MINUTES, 'At most 365 days')

const oneEnd = (body: { expiresAt?: unknown, durationMinutes?: unknown }) => !(body.expiresAt && body.durationMinutes !== undefined)
const oneEndError = { error: 'Give an expiry or a duration, not both', path: ['durationMinutes'] }

export const requestSupportSchema = z.object({
  // A time without a zone would mean something different on every machine: the API takes `Z` or an offset only.
  expiresAt: z.union([zonedTime, z.literal(''), z.null()]).optional()
    .transform(value => (value ? new Date(value) : null)),
  reason: z.string().trim().max(500, 'At most 500 characters').optional().default(''),
  // SPEC 3.12: what the session lends, how long from its activation, when it may start, and against which ticket.
  scope: supportScopeSchema.optional().default(FULL_SCOPE),
  durationMinutes: durationMinutes.optional(),
  startsAt: zonedTime.optional().transform(value => (value ? new Date(value) : null)),
  // A ticket is linked into the workspace's ticket URL: `.` and `..` would be path steps there (ticketUrl).
  // Invisible characters around it go (visibleTicket): one of them alone is no ticket, refused where required.
  ticket: z.string().overwrite(visibleTicket).max(100, 'At most 100 characters').refine(value => !isDotSegment(value), 'A ticket cannot be . or ..').optional().transform(value => value || null),
  // SPEC 3.13: start at once, without approval, where the workspace's policy allows emergency access.
  emergency: z.boolean({ error: 'Give true or false' }).optional().default(false),
}).refine(oneEnd, oneEndError)

/**
 * `POST …/support-sessions/:id/approve` (SPEC 3.7 approver controls, 3.12): an Admin may narrow the
 * scope, set an earlier expiry (or one where the request had none) or a shorter duration, and leave a
 * comment for the requester. No body approves the request as asked.
 */
export const approveSupportSchema = z.object({
  scope: supportScopeSchema.optional(),
  expiresAt: zonedTime.optional().transform(value => (value ? new Date(value) : undefined)),
  durationMinutes: durationMinutes.optional(),
  comment: z.string().trim().max(500, 'At most 500 characters').optional().transform(value => value || null),
}).strict().refine(oneEnd, oneEndError)

/** `POST /api/admin/workspaces/:slug/support-sessions/:id/extensions`: more time for an active session. */
export const requestExtensionSchema = z.object({
  expiresAt: zonedTime.transform(value => new Date(value)),
  reason: z.string().trim().max(500, 'At most 500 characters').optional().default(''),
}).strict()

export const supportExtensionParams = supportSessionParams.extend({ extensionId: idSchema })

/**
 * `POST …/extensions/:extensionId/approve` (SPEC 3.7 approver controls, issue 35): an Admin may give
 * less time than asked (an end after the current one, never after the one asked for) and leave a
 * comment for the holder. No body approves it as asked.
 */
export const approveExtensionSchema = z.object({
  expiresAt: zonedTime.optional().transform(value => (value ? new Date(value) : undefined)),
  comment: z.string().trim().max(500, 'At most 500 characters').optional().transform(value => value || null),
}).strict()
export type ApproveExtensionInput = z.output<typeof approveExtensionSchema>

/** A server admin's searchable list (workspaces, users, emails): a page and what to look for. */
export const adminSearchQuery = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().default(''),
})
export const adminWorkspacesQuery = adminSearchQuery
export const adminUsersQuery = adminSearchQuery
