import { eq } from 'drizzle-orm'
import { appendAudit } from '../services/audit'

/**
 * Every write a server admin makes only because of a support session lands in the workspace's
 * audit log with that session's id, whatever route made it.
 */
export default defineNitroPlugin((nitro) => {
  nitro.hooks.hook('afterResponse', (event) => {
    const sessionId = event.context.supportSessionId
    const actor = event.context.actor
    if (!sessionId || !actor || event.method === 'GET' || event.node.res.statusCode >= 400) return
    const session = useDb().select({ workspaceId: tables.supportSessions.workspaceId }).from(tables.supportSessions)
      .where(eq(tables.supportSessions.id, sessionId)).get()
    appendAudit(useDb(), {
      workspaceId: session?.workspaceId ?? null,
      actorId: actor.id,
      supportSessionId: sessionId,
      action: 'support.write',
      targetType: 'request',
      targetId: `${event.method} ${event.path}`,
      data: { status: event.node.res.statusCode, via: actor.via },
    })
  })
})
