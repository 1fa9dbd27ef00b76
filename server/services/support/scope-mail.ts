import type { DbOrTx } from '../../database'
import type { SupportSessionView } from './session-view'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { scopeText } from './scope-words'
import { sessionEndWords } from '#shared/support/status'

const mailTime = (at: Date | string) => `${new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`

/**
 * A session's terms as every email about it says them (SPEC 3.12): the scope in words, the planned
 * start, the ticket with its link. The end (a duration from approval too) is in each email's first line.
 */
export async function termsLines(db: DbOrTx, session: SupportSessionView): Promise<string[]> {
  const lines = [`Access: ${await scopeText(session.scope, db)}.`]
  if (session.startsAt && session.status === 'pending') lines.push(`Not before ${mailTime(session.startsAt)}.`)
  if (session.ticket) lines.push(`Ticket: ${session.ticket}${session.ticketUrl ? ` (${session.ticketUrl})` : ''}`)
  return lines
}

/** A scheduled session reached its start (SPEC 3.12): its requester hears that it lends its access now. */
export async function notifyStarted(db: DbOrTx, session: SupportSessionView): Promise<void> {
  if (!session.requestedBy.email) return
  await queueEmail(db, session.workspace.id, composeEmail(session.requestedBy.email, `Support access to ${session.workspace.name} started`, [
    `Hi ${session.requestedBy.name},`,
    `Your scheduled support session in ${session.workspace.name} is active now, ${sessionEndWords(session, mailTime)}.`,
    ...await termsLines(db, session),
    'Every change you make is recorded in the workspace audit log.',
  ], { label: 'Open the workspace', path: `/workspaces/${session.workspace.slug}` }))
}
