// The audit hash chain, in plain JavaScript so that the server and `npm run audit:verify` (which runs
// with no build step and no database) hash an event the same way. Types: audit-chain.d.mts.
import { hash } from 'node:crypto'

/** The previous hash of the first event of every chain. */
export const GENESIS = '0'.repeat(64)

/**
 * The hash an event must carry: it covers the event's content and the hash of the event before it in
 * the same chain (its workspace's, or the server's for events without a workspace).
 */
export function auditEventHash(event) {
  // One-shot hashing: this runs inside every audited write's transaction.
  return hash('sha256', `${event.prevHash}\n${auditEventContent(event)}`)
}

/**
 * What an event's hash covers besides the previous hash: the hash is SHA-256 of "<prevHash>\n<content>",
 * in UTF-8. PostgreSQL computes the same in SQL when it appends (server/database/postgres/audit-append.ts).
 */
export function auditEventContent(event) {
  return JSON.stringify([event.workspaceId, event.actorId, event.supportSessionId, event.action, event.targetType, event.targetId, event.data, event.createdAt])
}

/**
 * Follows one chain, oldest event first, from `prevHash` (the genesis for a whole chain). Reports the
 * first event whose link or content does not hold.
 */
export function verifyChain(events, prevHash = GENESIS) {
  let prev = prevHash
  let count = 0
  for (const event of events) {
    if (event.prevHash !== prev) return { ok: false, brokenAt: event.id, count, reason: 'it does not follow the event before it' }
    if (auditEventHash(event) !== event.hash) return { ok: false, brokenAt: event.id, count, reason: 'its content does not match its hash' }
    prev = event.hash
    count++
  }
  return { ok: true, count, lastHash: prev }
}
