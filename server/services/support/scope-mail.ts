import type { DbOrTx } from '../../database'
import type { SupportSessionView } from './queries'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { scopeText } from './scope-words'

const mailTime = (at: Date | string) => `${new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`

function minutesLabel(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`
  return `${minutes} minutes`
}

/**
 * A session's terms as every email about it says them (SPEC 3.12): the scope in words, the duration
 * counted from activation, the planned start, the ticket with its link.
 */
export async function termsLines(db: DbOrTx, session: SupportSessionView): Promise<string[]> {
  const lines = [`Access: ${await scopeText(session.scope, db)}.`]
  if (session.durationMinutes && !session.approvedAt) lines.push(`For ${minutesLabel(session.durationMinutes)} from its approval.`)
  if (session.startsAt && session.status === 'pending') lines.push(`Not before ${mailTime(session.startsAt)}.`)
  if (session.ticket) lines.push(`Ticket: ${session.ticket}${session.ticketUrl ? ` (${session.ticketUrl})` : ''}`)
  return lines
}

/** A scheduled session reached its start (SPEC 3.12): its requester hears that it lends its access now. */
export async function notifyStarted(db: DbOrTx, session: SupportSessionView): Promise<void> {
  if (!session.requestedBy.email) return
  await queueEmail(db, session.workspace.id, composeEmail(session.requestedBy.email, `Support access to ${session.workspace.name} started`, [
    `Hi ${session.requestedBy.name},`,
    `Your scheduled support session in ${session.workspace.name} is active now${session.expiresAt ? `, until ${mailTime(session.expiresAt)}` : ''}.`,
    ...await termsLines(db, session),
    'Every change you make is recorded in the workspace audit log.',
  ], { label: 'Open the workspace', path: `/workspaces/${session.workspace.slug}` }))
}
