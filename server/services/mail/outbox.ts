import { count, desc, or } from 'drizzle-orm'
import { countOf, tables, useDb } from '../../database'

/**
 * Links in mail may carry one-time tokens (email verification); only their recipient may see those
 * (SPEC 3.6). Every `token` parameter is replaced before a mail is shown to anyone else.
 */
export function redactTokens(text: string): string {
  return text.replace(/([?&](?:amp;)?token=)[^&\s"'<>]+/gi, '$1[redacted]')
}

/** Server Settings → Emails: the outbox, newest first, with delivery state and tokens redacted. */
/** Server Settings → Emails: newest first; `q` finds a recipient or a subject, matched literally anywhere. */
export async function listOutbox(page: number, pageSize: number, q = '') {
  const o = tables.emailOutbox
  const db = useDb()
  const where = q ? or(containsText(o.to, q), containsText(o.subject, q)) : undefined
  const items = await db.select().from(o).where(where).orderBy(desc(o.id)).limit(pageSize).offset((page - 1) * pageSize)
  const total = await countOf(db.select({ n: count() }).from(o).where(where))
  return {
    items: items.map(m => ({
      id: m.id, to: m.to, subject: m.subject, text: redactTokens(m.text),
      createdAt: iso(m.createdAt), sentAt: iso(m.sentAt), attempts: m.attempts, lastError: m.lastError, nextAttemptAt: iso(m.nextAttemptAt),
    })),
    total, page, pageSize,
  }
}
