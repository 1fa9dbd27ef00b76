import type { KeyObject } from 'node:crypto'

/** A signed head of one workspace's audit chain: `events` events, the last of which hashes to `head`. */
export interface AuditCheckpoint {
  workspace: { id: number, slug: string }
  events: number
  /** The hash of the chain's last event; the genesis hash when the chain is empty. */
  head: string
  /** ISO 8601. */
  at: string
  keyId: string
  /** Base64 Ed25519 signature over `checkpointMessage`. */
  signature: string
}

export function checkpointMessage(checkpoint: Omit<AuditCheckpoint, 'signature'>): Buffer
export function keyIdOf(publicKey: string | KeyObject): string
export function signCheckpoint(fields: Pick<AuditCheckpoint, 'workspace' | 'events' | 'head' | 'at'>, privateKey: KeyObject, keyId: string): AuditCheckpoint
export function checkpointSignatureHolds(checkpoint: unknown, publicKey: string | KeyObject): boolean
