import { announce, announceLentChange, announces, isLentChange } from './announcements'
import { appendAudit, appendAuditAtCommit, type AuditInput } from './append'
import { useDb } from '../../database'

/**
 * The one path for every change (issue 19): appends its audit event to the workspace's chain and does
 * what the announcements table says for its action (webhooks, live events, mail), all in the transaction
 * of the change. Routes reach it through the write gate's `scope.audit`; background work (expiry,
 * reminders) calls it with no actor, as the system.
 */
export async function recordChange(input: AuditInput): Promise<void> {
  // Most changes announce nothing: their event travels with the COMMIT (no round trip on PostgreSQL).
  if (!announces(input)) return appendAuditAtCommit(input)
  // A change a session lent announces only its session's live event, which reads nothing of the event:
  // both travel with the COMMIT (on PostgreSQL; SQLite's one writer appends at once either way).
  if (isLentChange(input)) {
    await appendAuditAtCommit(input)
    return announceLentChange(useDb(), { workspaceId: input.workspaceId, supportSessionId: input.supportSessionId ?? null, actorId: input.actorId })
  }
  const recorded = await appendAudit(input)
  await announce(useDb(), recorded)
}
