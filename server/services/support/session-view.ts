import { reportedStatus } from '#shared/support/status'
import { parseScope, scopeWords } from '#shared/support/scope'
import { ticketUrl } from '#shared/support/policy'
import type { DbOrTx } from '../../database'
import { approvalsOf, extensionsOf, type Approval, type Extension } from './approvals-extensions'
import { scopeTexts } from './scope-words'
import { person, type SessionRow } from './session-rows'

/** Sessions as the API shows them, approvals and requests for more time included. */
export async function viewsOf(db: DbOrTx, rows: SessionRow[], now = new Date()) {
  const ids = rows.map(r => r.session.id)
  const [approvals, extensions] = [await approvalsOf(db, ids), await extensionsOf(db, rows, now)]
  const texts = await scopeTexts(rows.map(row => parseScope(row.session.scope)), db)
  return rows.map((row, i) => serializeSession(row, now, approvals.get(row.session.id) ?? [], extensions.get(row.session.id) ?? [], texts[i]))
}

const autoApproval = (at: Date | null): Approval[] => [{ by: null, auto: true, at: iso(at)!, comment: null }]

function reviewOf(s: SessionRow['session'], found: { id: number | null, name: string | null } | null) {
  if (!s.reviewVerdict || !s.reviewedAt) return null
  return { verdict: s.reviewVerdict as 'acknowledged' | 'flagged', by: person(s.reviewedBy, found), at: iso(s.reviewedAt)!, comment: s.reviewComment }
}

/** One session as the API, the emails and the webhooks show it (`SupportSessionView`). */
export function serializeSession(row: SessionRow, now = new Date(), approvals: Approval[] = [], extensions: Extension[] = [], scopeText?: string) {
  const s = row.session
  const scope = parseScope(s.scope)
  return {
    id: s.id,
    workspace: row.workspace,
    requestedBy: { ...person(s.requestedBy, row.requestedBy)!, email: row.requestedBy?.email ?? null },
    reason: s.reason,
    status: reportedStatus(s, now),
    expiresAt: iso(s.expiresAt),
    createdAt: iso(s.createdAt),
    approvedBy: person(s.approvedBy, row.approvedBy),
    approvedAt: iso(s.approvedAt),
    revokedBy: person(s.revokedBy, row.revokedBy),
    revokedAt: iso(s.revokedAt),
    approvals: s.autoApproved ? autoApproval(s.approvedAt) : approvals,
    approvalsRequired: s.approvalsRequired,
    extensions,
    // SPEC 3.12: what it lends, for how long from its activation, from when, against which ticket.
    scope,
    /** The scope in words with its projects' names, as the navbar and the tables say it. */
    scopeText: scopeText ?? scopeWords(scope),
    durationMinutes: s.durationMinutes,
    startsAt: iso(s.startsAt),
    ticket: s.ticket,
    ticketUrl: ticketUrl(row.ticketUrlTemplate, s.ticket),
    // SPEC 3.13: started at once under the emergency policy, and a workspace Admin's review of it.
    emergency: s.emergency,
    review: reviewOf(s, row.reviewedBy),
  }
}
export type SupportSessionView = ReturnType<typeof serializeSession>
