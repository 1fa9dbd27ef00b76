import { and, eq } from 'drizzle-orm'
import type { SubjectFacts } from '#shared/permissions'
import { anyRow, tables, type DbOrTx } from '../../database'
import { isEmailOf } from './rules'

/**
 * Who a change of someone's standing is about, for the permission model (SPEC 3.6). Under a support session
 * neither the holder nor any other server admin may be raised: otherwise two server admins could let each
 * other in for good, each under their own session.
 */

/** Whether an address is one a server admin's account holds, verified or not, in any letter case (stored lower case). */
export async function isServerAdminEmail(db: DbOrTx, email: string): Promise<boolean> {
  const { userEmails: e, users: u } = tables
  return anyRow(db.select({ id: e.id }).from(e).innerJoin(u, eq(u.id, e.userId))
    .where(and(eq(e.email, email.toLowerCase()), eq(u.serverRole, 'admin'))).limit(1))
}

export async function isServerAdmin(db: DbOrTx, userId: number): Promise<boolean> {
  const u = tables.users
  return anyRow(db.select({ id: u.id }).from(u).where(and(eq(u.id, userId), eq(u.serverRole, 'admin'))))
}

/** An invite, or a project collaborator added by email. */
export async function emailSubject(db: DbOrTx, actorId: number, email: string): Promise<SubjectFacts> {
  return { isActor: await isEmailOf(db, actorId, email), subjectIsServerAdmin: await isServerAdminEmail(db, email) }
}

/** A member's role or seat, or a collaborator's project role. */
export async function userSubject(db: DbOrTx, actorId: number, userId: number): Promise<SubjectFacts> {
  return { isActor: userId === actorId, subjectIsServerAdmin: await isServerAdmin(db, userId) }
}
