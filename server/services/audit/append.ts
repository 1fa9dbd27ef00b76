import { useDb, useStore, type UnchainedAuditEvent } from '../../database'

export interface AuditInput {
  workspaceId: number | null
  actorId: number | null
  supportSessionId?: number | null
  action: string
  targetType?: string
  targetId?: string | number
  data?: Record<string, unknown>
}

function eventOf(input: AuditInput): UnchainedAuditEvent {
  return {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    supportSessionId: input.supportSessionId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId === undefined ? null : String(input.targetId),
    data: JSON.stringify(input.data ?? {}),
    createdAt: Date.now(),
  }
}

/**
 * Appends one event to its chain, inside the transaction of the change it records, and answers it as
 * recorded. Changes are recorded through `recordChange` (record.ts), which also announces them.
 */
export async function appendAudit(input: AuditInput) {
  const event = eventOf(input)
  const { id, prevHash, hash } = await useStore().appendAudit(useDb(), event)
  return { ...event, id, prevHash, hash, data: input.data ?? {} }
}

/**
 * Appends one event nothing else in the transaction needs to read back: it commits with the change
 * (in the COMMIT's own message on PostgreSQL) or not at all.
 */
export function appendAuditAtCommit(input: AuditInput): Promise<void> {
  return useStore().appendAuditAtCommit(useDb(), eventOf(input))
}
