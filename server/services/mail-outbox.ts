import { count, desc } from 'drizzle-orm'

/** Server Settings → Emails: the outbox, newest first, with delivery state. */
export function listOutbox(page: number, pageSize: number) {
  const o = tables.emailOutbox
  const db = useDb()
  const items = db.select().from(o).orderBy(desc(o.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: count() }).from(o).get()?.n ?? 0
  return {
    items: items.map(m => ({
      id: m.id, to: m.to, subject: m.subject, text: m.text,
      createdAt: iso(m.createdAt), sentAt: iso(m.sentAt), attempts: m.attempts, lastError: m.lastError, nextAttemptAt: iso(m.nextAttemptAt),
    })),
    total, page, pageSize,
  }
}
