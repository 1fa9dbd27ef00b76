import { and, count, desc, or } from 'drizzle-orm'
import { countOf, tables, useDb } from '../../database'
import { hiddenBecause, type WorkspaceLens } from '../access/lens'

/**
 * Links in mail may carry one-time tokens (email verification); only their recipient may see those
 * (SPEC 3.6). Every `token` parameter is replaced before a mail is shown to anyone else.
 */
export function redactTokens(text: string): string {
  return text.replace(/([?&](?:amp;)?token=)[^&\s"'<>]+/gi, '$1[redacted]')
}

type Mail = typeof tables.emailOutbox.$inferSelect

const delivery = (m: Mail) => ({ createdAt: iso(m.createdAt), sentAt: iso(m.sentAt), attempts: m.attempts, nextAttemptAt: iso(m.nextAttemptAt) })

/**
 * Server Settings → Emails: newest first, with delivery state and tokens redacted; `q` finds a recipient
 * or a subject, matched literally anywhere. A workspace's mail is its data (SPEC 3.10): where the lens
 * hides the workspace, the mail shows only when it was queued and how its delivery goes (the last error
 * may name the recipient), and a search never finds it; the workspaces whose mail is shown are in their
 * access logs.
 */
export async function listOutbox(page: number, pageSize: number, q: string, lens: WorkspaceLens) {
  const o = tables.emailOutbox
  const db = useDb()
  const findable = q ? await lens.findable(o.workspaceId) : undefined
  const where = q ? and(or(containsText(o.to, q), containsText(o.subject, q)), findable) : undefined
  const rows = await db.select().from(o).where(where).orderBy(desc(o.id)).limit(pageSize).offset((page - 1) * pageSize)
  const total = await countOf(db.select({ n: count() }).from(o).where(where))
  const hidden = await lens.hidden(rows.flatMap(m => (m.workspaceId === null ? [] : [m.workspaceId])))
  const hiddenIn = (m: Mail) => (m.workspaceId === null ? undefined : hidden.get(m.workspaceId))
  await lens.shown(rows.flatMap(m => (m.workspaceId === null || hiddenIn(m) ? [] : [m.workspaceId])))
  return {
    items: rows.map((m) => {
      const workspace = hiddenIn(m)
      if (workspace) return { id: m.id, hidden: hiddenBecause(workspace), to: null, subject: null, text: null, lastError: null, ...delivery(m) }
      return { id: m.id, hidden: null, to: m.to, subject: m.subject, text: redactTokens(m.text), lastError: m.lastError, ...delivery(m) }
    }),
    total, page, pageSize,
  }
}
