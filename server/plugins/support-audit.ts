import { appendAudit } from '../services/audit'

/**
 * Every write a server admin makes only because of a support session lands in the workspace's
 * audit log with that session's id, whatever route made it. Recorded before the answer leaves, so an
 * acknowledged support write always has its audit event.
 */
export default defineNitroPlugin((nitro) => {
  nitro.hooks.hook('beforeResponse', (event) => {
    const write = event.context.supportWrite
    const actor = event.context.actor
    if (!write || !actor || event.method === 'GET' || event.node.res.statusCode >= 400) return
    appendAudit({
      workspaceId: write.workspaceId,
      actorId: actor.id,
      supportSessionId: write.sessionId,
      action: 'support.write',
      targetType: 'request',
      targetId: `${event.method} ${event.path}`,
      data: { status: event.node.res.statusCode, via: actor.via },
    })
  })
})
