import { announce, announces } from './announcements'
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
  const recorded = await appendAudit(input)
  await announce(useDb(), recorded)
}
