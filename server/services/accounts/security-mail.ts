import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { tables } from '../../database'

/**
 * Sensitive account changes (SPEC 3.11) are told to the account's primary address, whoever made them:
 * someone holding a stolen sign-in learns nothing from the audit log, but the owner reads their mail.
 * Each message says what changed and how to undo it if it was not them.
 */
const CHANGES: Record<string, { subject: string, what: (data: Record<string, unknown>) => string, undo: string, path: string }> = {
  'passkey.added': {
    subject: 'A passkey was added to your account',
    what: d => `The passkey “${String(d.name)}” was added to your account. It signs in without your password.`,
    undo: 'If this was not you, remove it under Passkeys in Account settings, then change your password and choose to remove your passkeys too.',
    path: '/settings/account',
  },
  'passkey.removed': {
    subject: 'A passkey was removed from your account',
    what: d => `The passkey “${String(d.name)}” was removed from your account.`,
    undo: 'If this was not you, change your password in Account settings at once: that signs every session and API token out.',
    path: '/settings/account',
  },
  'token.created': {
    subject: 'An API token was created for your account',
    what: d => `The API token “${String(d.name)}” was created. It acts as you, without your password.`,
    undo: 'If this was not you, delete it on the API tokens page, then change your password in Account settings.',
    path: '/settings/tokens',
  },
  'token.deleted': {
    subject: 'An API token of your account was deleted',
    what: d => `The API token “${String(d.name)}” was deleted: scripts using it stop working.`,
    undo: 'If this was not you, change your password in Account settings at once.',
    path: '/settings/tokens',
  },
  'email.added': {
    subject: 'An email address was added to your account',
    what: d => `${String(d.email)} was added to your account. Once verified, it signs in and accepts invites.`,
    undo: 'If this was not you, remove it under Emails in Account settings, then change your password.',
    path: '/settings/account',
  },
}

/** Queues the message for `action` to the primary address of the account it changed. */
export async function notifyAccountChange(db: DbOrTx, action: string, account: { id: number, name: string } | null, data: Record<string, unknown>) {
  const change = CHANGES[action]
  if (!change || !account) return
  const e = tables.userEmails
  const [primary] = await db.select({ email: e.email }).from(e).where(and(eq(e.userId, account.id), eq(e.primary, true)))
  if (!primary) return
  await queueEmail(db, null, composeEmail(primary.email, change.subject, [`Hi ${account.name},`, change.what(data), change.undo], { label: 'Review your account', path: change.path }))
}
