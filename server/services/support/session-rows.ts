import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import { DELETED_USER_NAME } from '../accounts/names'
import { tableAlias, tables, useDb } from '../../database'

const approver = tableAlias(tables.users, 'approver')
const revoker = tableAlias(tables.users, 'revoker')
const requester = tableAlias(tables.users, 'requester')
const requesterEmail = tableAlias(tables.userEmails, 'requester_email')
const reviewer = tableAlias(tables.users, 'reviewer')

/** Sessions with everything the API shows about them, in one query; callers add the where and order. */
export function sessionsQuery(db: DbOrTx = useDb()) {
  const { supportSessions: s, workspaces: w } = tables
  return db
    .select({
      session: s,
      workspace: { id: w.id, slug: w.slug, name: w.name },
      ticketUrlTemplate: w.supportTicketUrlTemplate,
      requestedBy: { id: requester.id, name: requester.name, email: requesterEmail.email },
      approvedBy: { id: approver.id, name: approver.name },
      revokedBy: { id: revoker.id, name: revoker.name },
      reviewedBy: { id: reviewer.id, name: reviewer.name },
    })
    .from(s)
    .innerJoin(w, eq(w.id, s.workspaceId))
    .leftJoin(requester, eq(requester.id, s.requestedBy))
    .leftJoin(requesterEmail, and(eq(requesterEmail.userId, requester.id), eq(requesterEmail.primary, true)))
    .leftJoin(approver, eq(approver.id, s.approvedBy))
    .leftJoin(revoker, eq(revoker.id, s.revokedBy))
    .leftJoin(reviewer, eq(reviewer.id, s.reviewedBy))
}

export type SessionRow = Awaited<ReturnType<typeof sessionsQuery>>[number]

/** Someone a session names, by id and name; a deleted account keeps its id under the deleted-user name. */
export function person(id: number | null, found: { id: number | null, name: string | null } | null) {
  if (id === null) return null
  return found?.id ? { id, name: found.name! } : { id, name: DELETED_USER_NAME }
}
