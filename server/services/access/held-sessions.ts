import { and, asc, eq } from 'drizzle-orm'
import { tables, useDb } from '../../database'
import { activeNow } from './active-now'

/** Every active session the caller holds in the workspace, oldest first, with what each lends. */
export interface HeldSessions { supportSessionId: number | null, supportScope: string | null, sessions?: { id: number, scope: string }[] }

/**
 * A standing row with every active session its caller holds there, when the statement saw more than one
 * (rare: two approved requests at once). Each lends what it lends, and the model picks the one that lends
 * an action (SPEC 3.12), instead of the oldest refusing what a newer one lends.
 */
export async function withAllSessions<R extends HeldSessions & { newestSessionId: number | null }>(row: R, userId: number, workspaceId: number | null): Promise<R> {
  if (row.supportSessionId === null || row.newestSessionId === row.supportSessionId || workspaceId === null) return row
  const s = tables.supportSessions
  const sessions = await useDb().select({ id: s.id, scope: s.scope }).from(s)
    .where(and(eq(s.requestedBy, userId), eq(s.workspaceId, workspaceId), activeNow(new Date()))).orderBy(asc(s.id))
  return sessions.length ? { ...row, supportSessionId: sessions[0]!.id, supportScope: sessions[0]!.scope, sessions } : { ...row, supportSessionId: null }
}

