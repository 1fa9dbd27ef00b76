import { eq, sql, type Column, type SQL } from 'drizzle-orm'
import { tables, useDb } from '../../database'

/**
 * What a server-wide view (Server Settings → Users, Emails, Webhooks) may show of each workspace whose
 * data it carries, as the read gate decides for the server admin reading it (SPEC 3.10: workspace data
 * leaves only through the read gate). The gate makes one per request (`server/gate/server-wide.ts`);
 * the view's service asks it, so no service re-states the policy.
 */
export interface WorkspaceLens {
  /** The workspaces among these whose data the reader may not see here now, by id, with their names. */
  hidden(workspaceIds: Iterable<number>): Promise<Map<number, string>>
  /** Records in each workspace's access log that the view showed its data, where only support mode lets the reader see it. */
  shown(workspaceIds: Iterable<number>): Promise<void>
  /**
   * The condition on a view's workspace column that keeps out the rows of every workspace this lens hides
   * (rows of no workspace stay), so a search never finds what is hidden; undefined when nothing is.
   */
  findable(workspaceColumn: Column): Promise<SQL | undefined>
}

/** How a hidden workspace's data is stood for in a server-wide view. */
export function hiddenBecause(workspaceName: string) {
  const { enterpriseLicense, supportMode } = useServerSettings()
  if (!enterpriseLicense) return `hidden: ${workspaceName} is a workspace, and workspaces need an Enterprise license`
  return supportMode ? `hidden: ${workspaceName} requires a support session` : `hidden: ${workspaceName} is not shown to server admins while support mode is off`
}

/** The workspaces a user is a member of: with support mode off, the only ones a server-wide view may show. */
export async function memberWorkspaces(userId: number): Promise<number[]> {
  const m = tables.workspaceMembers
  return (await useDb().select({ id: m.workspaceId }).from(m).where(eq(m.userId, userId))).map(row => row.id)
}

/**
 * Workspaces whose policy has server admins read their data only during a session: with support mode on,
 * the only ones a lens can hide (`findable` asks about these first and leaves what it hides out of the
 * search: a match would tell what a hidden mail's recipient or subject is).
 */
export async function sessionOnlyWorkspaces(): Promise<number[]> {
  const w = tables.workspaces
  // The flag itself as the condition, as workspaces_session_only_idx is written, so both stores use that index.
  return (await useDb().select({ id: w.id }).from(w).where(sql`${w.supportReadsRequireSession}`)).map(row => row.id)
}
