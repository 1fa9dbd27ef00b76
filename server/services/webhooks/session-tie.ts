import { and, eq, isNotNull, notExists, sql } from 'drizzle-orm'
import { activeNow } from '../access/active-now'
import { recordChange } from '../audit/record'
import { redactedUrl } from './endpoints'
import { serializeWrites, tables, useDb, writeTransaction } from '../../database'

/**
 * Switches off every enabled webhook set up under a support session that no longer lends anything
 * (SPEC 3.6; the tie is made in endpoints.ts, and delivery.ts already sends nothing for it), each in
 * the workspace's audit log as the system disabling it. An Admin of the workspace may switch it on again
 * outside any session, which makes it the workspace's own. Run by the upkeep.
 */
export async function disableWebhooksOfEndedSessions(now = new Date()): Promise<number> {
  const { webhooks: w, supportSessions: s } = tables
  const db = useDb()
  const lends = db.select({ id: s.id }).from(s).where(and(eq(s.id, w.supportSessionId), activeNow(now)))
  const ended = await db.select({ id: w.id, workspaceId: w.workspaceId, sessionId: w.supportSessionId, url: w.url }).from(w)
    .where(and(eq(w.enabled, true), isNotNull(w.supportSessionId), useServerSettings().supportMode ? notExists(lends) : sql`true`))
  let disabled = 0
  for (const hook of ended) {
    await writeTransaction(async (tx) => {
      if (hook.workspaceId !== null) await serializeWrites(tx, `workspace:${hook.workspaceId}`)
      const off = await tx.update(w).set({ enabled: false })
        .where(and(eq(w.id, hook.id), eq(w.enabled, true), eq(w.supportSessionId, hook.sessionId!))).returning({ id: w.id })
      if (!off.length) return
      disabled++
      await recordChange({
        workspaceId: hook.workspaceId, actorId: null, action: 'webhook.updated', targetType: 'webhook', targetId: hook.id,
        data: { url: redactedUrl(hook.url), changes: { enabled: { from: true, to: false } }, reason: 'support_session_ended', supportSession: { id: hook.sessionId } },
      })
    })
  }
  return disabled
}
