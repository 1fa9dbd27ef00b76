// A witness (SPEC 3.14, c2sp.org/tlog-witness in spirit): it cosigns a log's checkpoint only when the log
// provably grew from the last checkpoint it saw. The same rules serve the server, which keeps only
// cosignatures over checkpoints it signed itself. Ed25519 is node:crypto's (./cosignature.ts).
import type { KeyObject } from 'node:crypto'
import { openCheckpoint, type Checkpoint } from './checkpoint'
import { cosignatureTime, cosigner } from './cosignature'
import { formatVkey, keyIdHex, parseVkey, SIGNATURE_TYPE, type NoteVerifier } from './keys'
import { sameHash, type Hash } from './merkle'
import { addSignatures, openNote, type NoteSignature } from './note'
import { verifierFromVkey } from './verifiers'
import { verifyConsistency } from './verify'

export type GrowthVerdict = { ok: true } | { ok: false, reason: string }

/** Whether the sizes alone settle it: a different log, one that shrank or forked, or nothing to prove. */
export function growthWithoutProof(saved: Checkpoint | null, next: Checkpoint): GrowthVerdict | 'needs proof' {
  if (!saved) return { ok: true } // the first checkpoint a witness sees is where its trust starts
  if (saved.origin !== next.origin) return { ok: false, reason: `the log's origin changed from ${saved.origin} to ${next.origin}` }
  if (next.size < saved.size) return { ok: false, reason: `the log shrank from ${saved.size} to ${next.size} events` }
  if (next.size === saved.size) {
    return sameHash(saved.rootHash, next.rootHash) ? { ok: true } : { ok: false, reason: `the log forked: ${next.size} events with another root than before` }
  }
  return saved.size === 0 ? { ok: true } : 'needs proof'
}

/** RFC 9162 consistency of `next` with `saved`, given the proof the log sent (null when none could be had). */
export function checkGrowth(saved: Checkpoint | null, next: Checkpoint, proof: readonly Hash[] | null): GrowthVerdict {
  const settled = growthWithoutProof(saved, next)
  if (settled !== 'needs proof') return settled
  const from = saved!
  if (!proof) return { ok: false, reason: `the log gave no consistency proof from ${from.size} to ${next.size} events` }
  const verdict = verifyConsistency(from.size, next.size, proof, from.rootHash, next.rootHash)
  return verdict.ok ? verdict : { ok: false, reason: `the consistency proof from ${from.size} to ${next.size} events does not verify: ${verdict.reason}` }
}

/** The log's signed note with the witness's cosignature/v1 line added (null if the note is malformed). */
export function cosignNote(note: string, witnessName: string, privateKey: KeyObject): string | null {
  return addSignatures(note, [cosigner(witnessName, privateKey)])
}

/** `vkey`: the witness's vkey as this log writes it (lowercase key ID), so one key is one witness. */
/** `logSignature`: the log's signature line that verified (which of its keys signed, for the key's validity). */
export interface ReadCosignature { checkpoint: Checkpoint, logSignature: NoteSignature, name: string, keyId: string, vkey: string, line: NoteSignature, cosignedAt: number }
export type CosignatureFailure = 'not a witness key' | 'not signed by this log' | 'no cosignature by this witness' | 'invalid cosignature'
export type ReadCosignatureResult = { ok: true, cosignature: ReadCosignature } | { ok: false, reason: CosignatureFailure }

/**
 * A cosigned note as a witness uploads it: the log's checkpoint, signed by one of `logKeys` with `origin`,
 * and a valid cosignature/v1 by the witness key `vkey` over exactly that checkpoint text.
 */
export function readCosignedNote(note: string, vkey: string, logKeys: readonly NoteVerifier[], origin: string): ReadCosignatureResult {
  const parsed = parseVkey(vkey)
  const witness = verifierFromVkey(vkey)
  if (!parsed.ok || parsed.type !== SIGNATURE_TYPE.cosignatureV1 || !witness.ok) return { ok: false, reason: 'not a witness key' }
  const logged = openCheckpoint(note, logKeys, origin)
  if (!logged.ok) return { ok: false, reason: 'not signed by this log' }
  const cosigned = openNote(note, [witness.verifier])
  if (!cosigned.ok) return { ok: false, reason: cosigned.reason === 'no known signature' ? 'no cosignature by this witness' : 'invalid cosignature' }
  const line = cosigned.verified[0]!
  const cosignedAt = cosignatureTime(line.signature)
  if (cosignedAt === null) return { ok: false, reason: 'invalid cosignature' }
  return { ok: true, cosignature: { checkpoint: logged.checkpoint, logSignature: logged.verified[0]!, name: line.name, keyId: keyIdHex(line.keyId), vkey: formatVkey(parsed.name, parsed.type, parsed.publicKey), line, cosignedAt } }
}
