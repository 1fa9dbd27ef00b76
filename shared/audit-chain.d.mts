/** An audit event as it is hashed: `data` is the stored JSON text, `createdAt` milliseconds since the epoch. */
export interface ChainedEvent {
  id: number
  workspaceId: number | null
  actorId: number | null
  supportSessionId: number | null
  action: string
  targetType: string | null
  targetId: string | null
  data: string
  createdAt: number
  prevHash: string
  hash: string
}

export type ChainCheck =
  | { ok: true, count: number, lastHash: string }
  | { ok: false, brokenAt: number, count: number, reason: string }

export const GENESIS: string
export function auditEventHash(event: Omit<ChainedEvent, 'id' | 'hash'>): string
export function auditEventContent(event: Omit<ChainedEvent, 'id' | 'hash' | 'prevHash'>): string
export function verifyChain(events: Iterable<ChainedEvent>, prevHash?: string): ChainCheck
