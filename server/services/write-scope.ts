import type { H3Event } from 'h3'
import type { ActorFacts } from '#shared/permissions'
import type { Tx } from '../database'
import type { Actor } from './accounts/sessions'
import type { AuditInput } from './audit/append'
import { recordChange } from './audit/record'

/** An audit event as a service states it; the scope fills in the actor, the workspace and the lending session. */
export type AuditEntry = Omit<AuditInput, 'actorId' | 'workspaceId'> & { workspaceId?: number | null }

/** What a write's service receives from the write gate: the transaction, who acts, and how to audit within it. */
export interface WriteScope {
  tx: Tx
  actor: Actor
  facts: ActorFacts
  /** The session that lent this write, or null when the caller's own standing allows it. */
  supportSessionId: number | null
  /**
   * Records the change in this transaction, with the actor and the lending session filled in: its audit
   * event, and the webhooks, live events and mail the announcements table derives from it.
   */
  audit: (entry: AuditEntry) => Promise<void>
}

export function writeScope(tx: Tx, actor: Actor, facts: ActorFacts, workspaceId: number | null, supportSessionId: number | null) {
  let audited = false
  const scope: WriteScope = {
    tx,
    actor,
    facts,
    supportSessionId,
    audit: (entry) => {
      audited = true
      // Support lifecycle events name the session they are about; every other event names the one that lent it.
      return recordChange({ workspaceId, ...entry, actorId: actor.id, supportSessionId: entry.supportSessionId ?? supportSessionId })
    },
  }
  return { scope, audited: () => audited }
}

/**
 * Every write under a support session leaves an audit event. Services audit their own changes with
 * what changed; a write that recorded nothing is recorded here by its route.
 */
export async function auditLentWrite(event: H3Event, scope: WriteScope, audited: boolean) {
  if (scope.supportSessionId === null || audited) return
  await scope.audit({ action: 'support.write', targetType: 'request', targetId: `${event.method} ${event.path}`, data: { via: scope.actor.via } })
}
