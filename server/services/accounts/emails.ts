import { randomBytes } from 'node:crypto'
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { affectedRows, tables, useDb } from '../../database'

const VERIFY_TTL_MS = 24 * 60 * 60 * 1000

export async function listEmails(userId: number) {
  const e = tables.userEmails
  const rows = await useDb().select().from(e).where(eq(e.userId, userId)).orderBy(asc(e.id))
  return rows.map(row => ({ id: row.id, email: row.email, primary: row.primary, verified: row.verifiedAt !== null }))
}

/** Adds an unverified email and mails a one-time link; only its hash is stored. */
export async function addEmail({ tx, actor, audit }: WriteScope, email: string) {
  const e = tables.userEmails
  const token = randomBytes(24).toString('base64url')
  const [taken] = await tx.select({ userId: e.userId, verifiedAt: e.verifiedAt, createdAt: e.createdAt }).from(e).where(eq(e.email, email))
  if (taken && (taken.userId === actor.id || taken.verifiedAt || Date.now() - taken.createdAt.getTime() < VERIFY_TTL_MS)) {
    throw apiError('EmailTaken', 'That email is already in use.')
  }
  // An unverified claim by someone else that has gone stale gives way.
  if (taken) await tx.delete(e).where(and(eq(e.email, email), isNull(e.verifiedAt)))
  const row = (await tx.insert(e).values({ userId: actor.id, email, verifyTokenHash: sha256(token) }).returning())[0]!
  await queueEmail(tx, null, composeEmail(email, 'Verify your email for Support Access', [
    `Hi ${actor.name},`,
    `Confirm that ${email} is yours to sign in with it and accept invites sent to it.`,
  ], { label: 'Verify this email', path: `/verify-email?token=${token}` }))
  // SPEC 3.11: in the server's chain, and the primary address hears of it (announcements table).
  await audit({ action: 'email.added', targetType: 'email', targetId: row.id, data: { email } })
  return { id: row.id, email: row.email, primary: false, verified: false }
}

export async function verifyEmail({ tx, actor }: WriteScope, token: string) {
  const e = tables.userEmails
  const [row] = await tx.update(e).set({ verifiedAt: new Date(), verifyTokenHash: null })
    .where(and(eq(e.verifyTokenHash, sha256(token)), eq(e.userId, actor.id), isNull(e.verifiedAt))).returning()
  if (!row) throw apiError('EmailNotFound', 'This verification link is invalid or was already used.')
  return { id: row.id, email: row.email, primary: row.primary, verified: true }
}

export async function removeEmail({ tx, actor }: WriteScope, id: number) {
  const e = tables.userEmails
  const gone = await tx.delete(e).where(and(eq(e.id, id), eq(e.userId, actor.id), eq(e.primary, false)))
  if (affectedRows(gone) === 0) throw apiError('EmailNotFound', 'Email not found, or it is your primary email.')
}
