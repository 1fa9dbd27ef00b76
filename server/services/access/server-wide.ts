import { eq } from 'drizzle-orm'
import { authorize, type ActorFacts } from '#shared/permissions'
import { isSupportEvent } from '#shared/webhooks/schemas'
import { tables, type DbOrTx } from '../../database'

/**
 * Who a server-wide webhook stands for: every server admin, each of whom may set it up and read its
 * delivery log, with no membership and no support session in the workspace an event comes from.
 */
const ANY_SERVER_ADMIN: ActorFacts = { serverRole: 'admin', workspaceRole: null, seat: null, projectRole: null, activeSupportSession: false }

/**
 * Whether server-wide endpoints may carry this event of the workspace. The support lifecycle always (every
 * server admin is told of it, SPEC 3.10); anything else only where the permission model lets any server
 * admin read the workspace's integrations without a session, exactly as the read gate would decide for a
 * server admin reading the delivery log (support mode on, SPEC 3.4; reads not behind a session, SPEC 3.10).
 */
export async function serverWideMayCarry(db: DbOrTx, workspaceId: number, event: string): Promise<boolean> {
  if (isSupportEvent(event)) return true
  const w = tables.workspaces
  const [workspace] = await db.select({ readsRequireSession: w.supportReadsRequireSession }).from(w).where(eq(w.id, workspaceId))
  if (!workspace) return false
  const resource = { type: 'workspace', readsRequireSession: workspace.readsRequireSession } as const
  return authorize('workspace.integrations.read', ANY_SERVER_ADMIN, resource, useServerSettings()).authorized
}
