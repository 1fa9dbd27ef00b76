import { z } from 'zod'
import { hasTicket } from './ticket'

/**
 * A workspace's support policy (SPEC 3.7), as the API speaks it. Pure: the Request Support Access
 * dialog checks a request with the same function the server uses, so both say the same thing.
 */
export interface SupportPolicy {
  requireReason: boolean
  /** The longest session a request may ask for, in hours; null: no limit (and "never expires" allowed). */
  maxSessionHours: number | null
  /** 2: the session becomes active at the second approval, by a different workspace Admin. */
  approvalsRequired: 1 | 2
  /** A request still pending after this many hours lapses (reported `expired`). */
  pendingTtlHours: number
  /**
   * SPEC 3.10: server admins read the workspace's data only during an approved support session; without
   * one they see only what Server Settings → Workspaces shows to ask for one (name, slug, plan, counts).
   */
  readsRequireSession: boolean
  /**
   * SPEC 3.10: approving or revoking a session needs the Admin's passkey, used in the last 5 minutes;
   * SPEC 3.11: so does any change to this policy while it is on (an API token cannot change it then).
   */
  approvalRequiresPasskey: boolean
  /** SPEC 3.12: the widest access a request may ask for; 'read' refuses write requests. */
  maxAccess: 'read' | 'write'
  /** SPEC 3.12: a request names a ticket (e.g. ZD-1234). */
  requireTicket: boolean
  /** SPEC 3.12: `https://…{ticket}…`, from which each session's `ticketUrl` is made; null: no links. */
  ticketUrlTemplate: string | null
  /** SPEC 3.13: a server admin may start a session at once, without approval, reviewed afterwards. */
  emergencyAccess: boolean
  /** SPEC 3.13: read-only requests ending within this many hours of activation are approved by the policy; null: never. */
  autoApproveReadHours: number | null
  /** SPEC 3.13: a request still pending this many minutes after it was made reminds the Admins once; null: no reminder. */
  remindAfterMinutes: number | null
}

export const DEFAULT_SUPPORT_POLICY: SupportPolicy = { requireReason: false, maxSessionHours: null, approvalsRequired: 1, pendingTtlHours: 72, readsRequireSession: false, approvalRequiresPasskey: false, maxAccess: 'write', requireTicket: false, ticketUrlTemplate: null, emergencyAccess: false, autoApproveReadHours: null, remindAfterMinutes: 30 }

/** A ticket URL template: an https URL with `{ticket}` where the ticket goes. */
export const ticketUrlTemplateSchema = z.string().trim().max(500, 'At most 500 characters')
  .refine(value => value.includes('{ticket}'), 'Put {ticket} where the ticket goes')
  .refine((value) => {
    try {
      return new URL(value.replaceAll('{ticket}', 'T')).protocol === 'https:'
    }
    catch {
      return false
    }
  }, 'Give an https:// address')
  // The ticket goes in the path or the query, never the host: a ticket must not choose which site its link opens.
  .refine((value) => {
    try {
      const hosts = ['a', 'b'].map(t => new URL(value.replaceAll('{ticket}', t)).host)
      return hosts[0] === hosts[1]
    }
    catch {
      return false
    }
  }, 'Put {ticket} after the host name (in the path or the query), so a ticket cannot choose the site its link opens')

/**
 * `.` and `..` are dot-segments: URL parsers resolve them (and their `%2e` spellings) whatever the
 * encoding, so in a template's path they would climb out of it on the ticket system's host. Requests
 * refuse them; a stored one gets no link.
 */
export const isDotSegment = (ticket: string) => ticket === '.' || ticket === '..'

/**
 * A session's link to its ticket, the ticket URL-encoded into the workspace's template; null without either.
 * Every character that could end a path segment, start a query or fragment (`/ ? # %`) is encoded, and a
 * dot-segment ticket gets no link, so a ticket never changes where the template points.
 */
export function ticketUrl(template: string | null, ticket: string | null): string | null {
  return template && ticket && !isDotSegment(ticket) ? template.replaceAll('{ticket}', encodeURIComponent(ticket)) : null
}

export const MAX_SESSION_HOURS_LIMIT = 365 * 24
export const PENDING_TTL_HOURS_LIMIT = 30 * 24
/** SPEC 3.13: automatic approval covers read-only sessions of at most a day. */
export const AUTO_APPROVE_READ_HOURS_LIMIT = 24
export const REMIND_AFTER_MINUTES_LIMIT = 7 * 24 * 60

const hours = (max: number) => z.number({ error: 'Give a number of hours' }).int('Give whole hours').min(1, 'At least 1 hour').max(max, `At most ${max} hours`)

/** `PATCH /api/workspaces/:slug/support-policy`: any of the settings; the rest stay as they are. */
export const supportPolicyPatchSchema = z.object({
  requireReason: z.boolean().optional(),
  maxSessionHours: hours(MAX_SESSION_HOURS_LIMIT).nullable().optional(),
  approvalsRequired: z.union([z.literal(1), z.literal(2)], { error: 'Choose 1 or 2' }).optional(),
  pendingTtlHours: hours(PENDING_TTL_HOURS_LIMIT).optional(),
  readsRequireSession: z.boolean().optional(),
  approvalRequiresPasskey: z.boolean().optional(),
  maxAccess: z.enum(['read', 'write'], { error: 'Choose read or write' }).optional(),
  requireTicket: z.boolean().optional(),
  ticketUrlTemplate: z.union([ticketUrlTemplateSchema, z.literal(''), z.null()]).optional().transform(value => (value === undefined ? undefined : value || null)),
  emergencyAccess: z.boolean().optional(),
  autoApproveReadHours: hours(AUTO_APPROVE_READ_HOURS_LIMIT).nullable().optional(),
  remindAfterMinutes: z.number({ error: 'Give a number of minutes' }).int('Give whole minutes').min(5, 'At least 5 minutes').max(REMIND_AFTER_MINUTES_LIMIT, 'At most 7 days').nullable().optional(),
}).strict()
export type SupportPolicyPatch = z.output<typeof supportPolicyPatchSchema>

export type SupportPolicyProblem =
  | { code: 'SupportReasonRequired', field: 'reason', message: string }
  | { code: 'SupportSessionTooLong', field: 'expiresAt' | 'durationMinutes', message: string }
  | { code: 'SupportScopeNotAllowed', field: 'scope', message: string }
  | { code: 'SupportTicketRequired', field: 'ticket', message: string }

const HOUR_MS = 60 * 60 * 1000

export function hoursLabel(n: number): string {
  if (n % 24 === 0 && n >= 48) return `${n / 24} days`
  return n === 1 ? '1 hour' : `${n} hours`
}

/** A required reason must say something: "." or "x" is no reason a workspace can act on (issue 21). */
export const MIN_REASON_LETTERS = 5

/** What of a request the policy judges; scope, ticket and duration are SPEC 3.12's (absent: as before). */
export interface PolicyRequest { reason: string, expiresAt: Date | null, durationMinutes?: number | null, access?: 'read' | 'write', ticket?: string | null, startsAt?: Date | null }

/** Why a request breaks the policy, or null when it keeps it. */
export function supportPolicyProblem(policy: SupportPolicy, request: PolicyRequest, now: Date): SupportPolicyProblem | null {
  if (policy.requireReason) {
    if (!request.reason.trim()) return { code: 'SupportReasonRequired', field: 'reason', message: 'This workspace requires a reason for support access.' }
    if ((request.reason.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_REASON_LETTERS) {
      return { code: 'SupportReasonRequired', field: 'reason', message: `This workspace requires a reason for support access: say what you need to do in a few words or a ticket number (at least ${MIN_REASON_LETTERS} letters or digits).` }
    }
  }
  if (policy.maxAccess === 'read' && request.access === 'write') {
    return { code: 'SupportScopeNotAllowed', field: 'scope', message: 'This workspace allows read-only support sessions only: ask for read access.' }
  }
  if (policy.requireTicket && !hasTicket(request.ticket)) return { code: 'SupportTicketRequired', field: 'ticket', message: 'This workspace requires a ticket for support access.' }
  if (policy.maxSessionHours !== null) {
    const limit = `This workspace allows support sessions of at most ${hoursLabel(policy.maxSessionHours)}`
    if (request.durationMinutes) {
      // Counted from the activation, so the duration itself is the session's length.
      return request.durationMinutes > policy.maxSessionHours * 60 ? { code: 'SupportSessionTooLong', field: 'durationMinutes', message: `${limit}.` } : null
    }
    if (!request.expiresAt) return { code: 'SupportSessionTooLong', field: 'expiresAt', message: `${limit}: choose an expiration.` }
    // Counted from the start (SPEC 3.12: the session's life begins at its activation, never before `startsAt`).
    const from = request.startsAt && request.startsAt.getTime() > now.getTime() ? request.startsAt : now
    if (request.expiresAt.getTime() - from.getTime() > policy.maxSessionHours * HOUR_MS) {
      return { code: 'SupportSessionTooLong', field: 'expiresAt', message: `${limit}.` }
    }
  }
  return null
}

/**
 * What of the policy more time is judged on (SPEC 3.7): its reason and its end. It keeps its session's
 * terms (SPEC 3.12 "more time keeps the scope"): the session's ticket and access were judged when it was
 * asked, so `requireTicket` and `maxAccess` are not asked of it again.
 */
export function extensionPolicyProblem(policy: SupportPolicy, extension: { reason: string, expiresAt: Date }, now: Date): SupportPolicyProblem | null {
  return supportPolicyProblem({ ...policy, requireTicket: false, maxAccess: 'write' }, extension, now)
}

/**
 * SPEC 3.7: with `maxSessionHours` set, a session's whole life, from its activation (`approvedAt`) to
 * the end more time would give it, stays within it. Measured from the ask instead, each extension
 * would add up to another full session.
 */
export function sessionLifeProblem(policy: SupportPolicy, activatedAt: Date, newEnd: Date): SupportPolicyProblem | null {
  if (policy.maxSessionHours === null) return null
  if (newEnd.getTime() - activatedAt.getTime() <= policy.maxSessionHours * HOUR_MS) return null
  const latest = new Date(activatedAt.getTime() + policy.maxSessionHours * HOUR_MS)
  return {
    code: 'SupportSessionTooLong',
    field: 'expiresAt',
    message: `This workspace allows support sessions of at most ${hoursLabel(policy.maxSessionHours)} from their start, more time included: this session can last until ${latest.toISOString()} at the latest.`,
  }
}

/** When a request made now under this policy lapses if nobody approves it. */
export function pendingLapse(policy: SupportPolicy, now: Date): Date {
  return new Date(now.getTime() + policy.pendingTtlHours * HOUR_MS)
}

/** The policy in one line per rule, as the Request Support Access dialog states it before submitting. */
export function describeSupportPolicy(policy: SupportPolicy): string[] {
  const lines: string[] = []
  if (policy.requireReason) lines.push('A reason is required.')
  if (policy.maxSessionHours !== null) lines.push(`Sessions last at most ${hoursLabel(policy.maxSessionHours)}.`)
  if (policy.approvalsRequired === 2) lines.push('Needs 2 approvals, by two different workspace Admins.')
  lines.push(`Unapproved requests lapse after ${hoursLabel(policy.pendingTtlHours)}.`)
  if (policy.readsRequireSession) lines.push('Reading the workspace’s data needs an approved session too.')
  if (policy.approvalRequiresPasskey) lines.push('Its Admins confirm approvals with a passkey.')
  if (policy.maxAccess === 'read') lines.push('Only read-only access can be requested.')
  if (policy.requireTicket) lines.push('A ticket is required.')
  if (policy.autoApproveReadHours !== null) lines.push(`Read-only requests of at most ${hoursLabel(policy.autoApproveReadHours)} are approved automatically.`)
  if (policy.emergencyAccess) lines.push('Emergency access is on: a server admin may start a session of at most 60 minutes at once, reviewed by an Admin afterwards.')
  return lines
}
