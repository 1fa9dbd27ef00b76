// Checkpoints (c2sp.org/tlog-checkpoint): the note text `<origin>\n<tree size>\n<base64 root hash>\n`, then
// optional non-empty extension lines, signed by the log as a signed note (./note.ts).
import { decodeBase64, encodeBase64 } from './base64'
import type { NoteSigner, NoteVerifier } from './keys'
import { HASH_SIZE, type Hash } from './merkle'
import { openNote, signNote, type NoteFailure, type NoteSignature } from './note'

export interface Checkpoint { origin: string, size: number, rootHash: Hash, extensions: string[] }

export type CheckpointFailure =
  | 'missing final newline' // the text must end in a newline
  | 'too few lines' // fewer than the three mandatory lines
  | 'empty origin'
  | 'malformed tree size' // not ASCII decimal without leading zeros, or past 2^53
  | 'malformed root hash' // not canonical base64 of 32 bytes
  | 'empty extension line'

export type ParsedCheckpoint = { ok: true, checkpoint: Checkpoint } | { ok: false, reason: CheckpointFailure }

/** The checkpoint's note text. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint
  if (origin === '' || origin.includes('\n')) throw new TypeError('a checkpoint origin is one non-empty line')
  if (!Number.isSafeInteger(size) || size < 0) throw new TypeError('a tree size is a non-negative safe integer')
  if (rootHash.length !== HASH_SIZE) throw new TypeError('a root hash is 32 bytes')
  if (extensions.some(line => line === '' || line.includes('\n'))) throw new TypeError('an extension line is one non-empty line')
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map(line => `${line}\n`).join('')
}

/** Reads a checkpoint's note text (not the signatures: see `openCheckpoint`). */
export function parseCheckpoint(text: string): ParsedCheckpoint {
  if (!text.endsWith('\n')) return { ok: false, reason: 'missing final newline' }
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n')
  if (origin === undefined || size === undefined || root === undefined) return { ok: false, reason: 'too few lines' }
  if (origin === '') return { ok: false, reason: 'empty origin' }
  if (!/^(?:0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) return { ok: false, reason: 'malformed tree size' }
  const rootHash = decodeBase64(root)
  if (!rootHash || rootHash.length !== HASH_SIZE) return { ok: false, reason: 'malformed root hash' }
  if (extensions.some(line => line === '')) return { ok: false, reason: 'empty extension line' }
  return { ok: true, checkpoint: { origin, size: Number(size), rootHash, extensions } }
}

/** The signed note of a checkpoint. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers)
}

export type OpenedCheckpoint =
  | { ok: true, checkpoint: Checkpoint, text: string, verified: NoteSignature[], unverified: NoteSignature[] }
  | { ok: false, reason: NoteFailure | CheckpointFailure | 'origin mismatch' }

/** Verifies a signed checkpoint against the known keys, then reads it; `origin`, when given, must match. */
export function openCheckpoint(note: string | Uint8Array, known: readonly NoteVerifier[], origin?: string): OpenedCheckpoint {
  const opened = openNote(note, known)
  if (!opened.ok) return { ok: false, reason: opened.reason }
  const parsed = parseCheckpoint(opened.text)
  if (!parsed.ok) return parsed
  if (origin !== undefined && parsed.checkpoint.origin !== origin) return { ok: false, reason: 'origin mismatch' }
  return { ok: true, checkpoint: parsed.checkpoint, text: opened.text, verified: opened.verified, unverified: opened.unverified }
}
