import { z } from 'zod'
import { hasTicket } from './ticket'

/**
 * Emergency access (SPEC 3.13): what a server admin must give to start a session at once, and the review
 * a workspace Admin gives it afterwards. Pure, so the request dialog says the same as the server.
 */

/** A real reason: at least this many letters or digits, so "urgent!!!" is not one. */
export const MIN_EMERGENCY_REASON_LETTERS = 20
/** An emergency session ends at most this many minutes after it starts. */
export const MAX_EMERGENCY_MINUTES = 60
/** One emergency session per server admin and workspace in this window. */
export const EMERGENCY_WINDOW_MS = 24 * 60 * 60 * 1000

const MINUTE_MS = 60_000

export interface EmergencyProblem { field: 'reason' | 'expiresAt' | 'durationMinutes' | 'startsAt' | 'ticket', message: string }

/**
 * Why an emergency request cannot start, or null: a real reason, an end within the hour, no later start,
 * and the ticket where the workspace requires one. Emergency access skips the approval rules (SPEC 3.13),
 * not the request's own: an emergency has an incident ticket too, and the workspace asked to see it.
 */
export function emergencyProblem(input: { reason: string, expiresAt: Date | null, durationMinutes?: number | null, startsAt?: Date | null, ticket?: string | null }, now: Date, policy: { requireTicket: boolean } = { requireTicket: false }): EmergencyProblem | null {
  if (policy.requireTicket && !hasTicket(input.ticket)) return { field: 'ticket', message: 'This workspace requires a ticket for support access, in an emergency too: name the incident\'s ticket.' }
  if ((input.reason.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_EMERGENCY_REASON_LETTERS) {
    return { field: 'reason', message: `Emergency access needs a real reason: say what is broken and what you will do (at least ${MIN_EMERGENCY_REASON_LETTERS} letters or digits).` }
  }
  if (input.startsAt) return { field: 'startsAt', message: 'Emergency access starts now: leave the start empty.' }
  if (input.durationMinutes) {
    return input.durationMinutes > MAX_EMERGENCY_MINUTES ? { field: 'durationMinutes', message: `Emergency access lasts at most ${MAX_EMERGENCY_MINUTES} minutes.` } : null
  }
  if (!input.expiresAt) return { field: 'expiresAt', message: `Emergency access needs an end, at most ${MAX_EMERGENCY_MINUTES} minutes from now.` }
  if (input.expiresAt.getTime() - now.getTime() > MAX_EMERGENCY_MINUTES * MINUTE_MS) {
    return { field: 'expiresAt', message: `Emergency access lasts at most ${MAX_EMERGENCY_MINUTES} minutes: choose an end within the hour.` }
  }
  return null
}

export const REVIEW_VERDICTS = ['acknowledged', 'flagged'] as const
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number]
export const REVIEW_VERDICT_LABELS: Record<ReviewVerdict, string> = { acknowledged: 'Acknowledged', flagged: 'Flagged' }

/** `POST /api/workspaces/:slug/support-sessions/:id/review`. */
export const reviewSupportSchema = z.object({
  verdict: z.enum(REVIEW_VERDICTS, { error: 'Choose acknowledged or flagged' }),
  comment: z.string().trim().max(1000, 'At most 1000 characters').optional().transform(value => value || null),
}).strict()
