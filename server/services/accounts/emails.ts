import { randomBytes } from 'node:crypto'
import { and, asc, eq, isNotNull, isNull, ne, or } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { affectedRows, anyRow, serializeWrites, tables, useDb, type DbOrTx } from '../../database'

export async function listEmails(userId: number) {
  const e = tables.userEmails
  const rows = await useDb().select().from(e).where(eq(e.userId, userId)).orderBy(asc(e.id))
  return rows.map(row => ({ id: row.id, email: row.email, primary: row.primary, verified: row.verifiedAt !== null }))
}

/**
 * Whether an address can be added to this account: not if it is already one of its own, or another
 * account verified it. Another account's unverified claim does not block it (SPEC 3.11: nobody keeps an
 * address from its owner by claiming it first): whoever verifies first wins. Checked before the
 * verification-mail limits too, so an attempt refused here counts against none.
 */
export async function assertEmailAddable(userId: number, email: string, db: DbOrTx = useDb()) {
  const e = tables.userEmails
  if (await anyRow(db.select({ id: e.id }).from(e).where(and(eq(e.email, email), or(eq(e.userId, userId), isNotNull(e.verifiedAt)))).limit(1))) {
    throw apiError('EmailTaken', 'That email is already in use.')
  }
}

/** Adds an unverified email and mails a one-time link; only its hash is stored. */
export async function addEmail({ tx, actor, audit }: WriteScope, email: string) {
  const e = tables.userEmails
  const token = randomBytes(24).toString('base64url')
  await serializeWrites(tx, `email:${email}`)
  await assertEmailAddable(actor.id, email, tx)
  const row = (await tx.insert(e).values({ userId: actor.id, email, verifyTokenHash: sha256(token) }).returning())[0]!
  await queueEmail(tx, null, composeEmail(email, 'Verify your email for Support Access', [
    `Hi ${actor.name},`,
    `Confirm that ${email} is yours to sign in with it and accept invites sent to it.`,
  ], { label: 'Verify this email', path: `/verify-email?token=${token}` }))
  // SPEC 3.11: in the server's chain, and the primary address hears of it (announcements table).
  await audit({ action: 'email.added', targetType: 'email', targetId: row.id, data: { email } })
  return { id: row.id, email: row.email, primary: false, verified: false }
}

/**
 * The first account to verify an address wins it: the other accounts' unverified claims of it go, and a
 * link followed after someone else verified it is refused (their claim then is only a leftover).
 */
export async function verifyEmail({ tx, actor }: WriteScope, token: string) {
  const e = tables.userEmails
  const mine = and(eq(e.verifyTokenHash, sha256(token)), eq(e.userId, actor.id), isNull(e.verifiedAt))
  const [claim] = await tx.select({ email: e.email }).from(e).where(mine)
  if (!claim) throw apiError('EmailNotFound', 'This verification link is invalid or was already used.')
  await serializeWrites(tx, `email:${claim.email}`)
  if (await anyRow(tx.select({ id: e.id }).from(e).where(and(eq(e.email, claim.email), isNotNull(e.verifiedAt))).limit(1))) {
    throw apiError('EmailTaken', 'Another account verified this email first.')
  }
  const [row] = await tx.update(e).set({ verifiedAt: new Date(), verifyTokenHash: null }).where(mine).returning()
  if (!row) throw apiError('EmailNotFound', 'This verification link is invalid or was already used.')
  await tx.delete(e).where(and(eq(e.email, row.email), ne(e.userId, actor.id), isNull(e.verifiedAt)))
  return { id: row.id, email: row.email, primary: row.primary, verified: true }
}

export async function removeEmail({ tx, actor }: WriteScope, id: number) {
  const e = tables.userEmails
  const gone = await tx.delete(e).where(and(eq(e.id, id), eq(e.userId, actor.id), eq(e.primary, false)))
  if (affectedRows(gone) === 0) throw apiError('EmailNotFound', 'Email not found, or it is your primary email.')
}
