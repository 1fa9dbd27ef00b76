// The transparency checks of `npm run audit:verify` (SPEC 3.14): the export's C2SP signed note, the root
// over a whole export or each inclusion proof of a range, and consistency with an earlier note. Each
// returns a reason when it fails, which the script prints as `broken: <reason>`.
import { createPublicKey } from 'node:crypto'
import { transparency as tl } from './transparency.mjs'

/** Note verifiers from vkeys, and from PEM public keys under each name the note's signature lines use. */
export function noteVerifiers(keys, note) {
  const verifiers = []
  for (const vkey of keys.vkeys) {
    const made = tl.verifierFromVkey(vkey)
    if (made.ok) verifiers.push(made.verifier)
  }
  const parsed = tl.parseNote(note)
  const names = parsed.ok ? [...new Set(parsed.signatures.map(s => s.name))] : []
  for (const pem of keys.pems) {
    const raw = tl.ed25519PublicKeyBytes(createPublicKey(pem))
    for (const name of names) verifiers.push(tl.ed25519Verifier(name, raw))
  }
  // One key given both ways verifies once.
  return verifiers.filter((v, i) => verifiers.findIndex(w => w.name === v.name && w.keyId === v.keyId) === i)
}

/** Opens a note as a checkpoint of this workspace's tree; with keys, its signature must hold under one. */
export function openTreeNote(note, workspaceId, keys, what) {
  if (typeof note !== 'string') return { problem: `${what} has no signed note (C2SP checkpoint), so nothing shows which tree it belongs to` }
  const opened = keys ? tl.openCheckpoint(note, noteVerifiers(keys, note)) : (() => {
    const parsed = tl.parseNote(note)
    if (!parsed.ok) return parsed
    const checkpoint = tl.parseCheckpoint(parsed.text)
    return checkpoint.ok ? { ok: true, checkpoint: checkpoint.checkpoint, verified: [] } : checkpoint
  })()
  if (!opened.ok) return { problem: `${what}'s note does not verify: ${opened.reason}${opened.reason === 'no known signature' ? ' (it is not signed by the key given)' : ''}` }
  if (!opened.checkpoint.origin.endsWith(`/audit/${workspaceId}`)) return { problem: `${what}'s note is for log ${opened.checkpoint.origin}, not this workspace's (…/audit/${workspaceId})` }
  return { checkpoint: opened.checkpoint, signers: opened.verified, signedBy: opened.verified.map(s => `${s.name}+${tl.keyIdHex(s.keyId)}`) }
}

const leafOf = event => tl.auditLeafHash(event.hash)

/** A whole export: every leaf of the tree, in order, whose root is the one the note signs. */
export function checkWhole(events, tree) {
  if (events.length !== tree.size) return `the export holds ${events.length} events, but its note signs a tree of ${tree.size}: events are missing or were added`
  const misplaced = events.find((e, i) => e.index !== undefined && e.index !== i)
  if (misplaced) return `event ${misplaced.id} says it is at position ${misplaced.index}, but it is at ${events.indexOf(misplaced)}`
  if (!tl.sameHash(tl.rootOfLeafHashes(events.map(leafOf)), tree.rootHash)) return 'root mismatch: the events\' tree is not the one the note signs'
  return null
}

/** A range: one contiguous run of tree positions, each event proven in the signed tree. */
/**
 * Events picked by a filter, in tree order but not one run: each must be a leaf of the signed tree, by its
 * own inclusion proof. What it cannot show is that no event was left out: that is the filter's nature.
 */
export function checkEach(events, tree) {
  for (const [i, e] of events.entries()) {
    if (!Number.isSafeInteger(e.index)) return `event ${e.id} has no tree position`
    if (i > 0 && e.index <= events[i - 1].index) return `the events are not in tree order: event ${e.id} is at ${e.index}, after ${events[i - 1].index}`
    const proof = Array.isArray(e.inclusionProof) ? e.inclusionProof.map(tl.decodeBase64) : null
    if (!proof || proof.some(h => !h)) return `event ${e.id} has no inclusion proof`
    const verdict = tl.verifyInclusion(e.index, tree.size, leafOf(e), proof, tree.rootHash)
    if (!verdict.ok) return `event ${e.id}'s inclusion proof at position ${e.index} fails: ${verdict.reason}`
  }
  return null
}

export function checkRange(events, tree, range) {
  const first = events[0]?.index
  for (const [i, e] of events.entries()) {
    if (!Number.isSafeInteger(e.index)) return `event ${e.id} has no tree position`
    if (e.index !== first + i) return `the events are not one contiguous run of tree positions: event ${e.id} is at ${e.index}, after ${events[i - 1].index}`
    const proof = Array.isArray(e.inclusionProof) ? e.inclusionProof.map(tl.decodeBase64) : null
    if (!proof || proof.some(h => !h)) return `event ${e.id} has no inclusion proof`
    const verdict = tl.verifyInclusion(e.index, tree.size, leafOf(e), proof, tree.rootHash)
    if (!verdict.ok) return `event ${e.id}'s inclusion proof at position ${e.index} fails: ${verdict.reason}`
  }
  const last = events.at(-1)?.index
  if (range && (range.fromIndex !== (first ?? null) || range.toIndex !== (last ?? null))) {
    return `its range says positions ${range.fromIndex} to ${range.toIndex}, but its proofs place its events at ${first ?? '-'} to ${last ?? '-'}`
  }
  return null
}

/**
 * The export's tree extends the earlier one: recomputed from a whole export's leaves, or from a
 * consistency proof (`proof`, base64 hashes) for a range.
 */
export function checkConsistency(earlier, tree, events, proof) {
  if (earlier.size > tree.size) return `the log shrank: the earlier checkpoint signs ${earlier.size} events, this export's note ${tree.size}`
  if (proof === undefined) {
    const root = tl.rootOfLeafHashes(events.slice(0, earlier.size).map(leafOf))
    return tl.sameHash(root, earlier.rootHash) ? null : `the export does not extend the earlier checkpoint: its first ${earlier.size} events are not the ones that checkpoint signed (first root mismatch)`
  }
  const hashes = proof.map(tl.decodeBase64)
  if (hashes.some(h => !h)) return 'the consistency proof is not base64'
  if (earlier.size === 0) return null
  const verdict = tl.verifyConsistency(earlier.size, tree.size, hashes, earlier.rootHash, tree.rootHash)
  return verdict.ok ? null : `the export's tree is not consistent with the earlier checkpoint: ${verdict.reason}`
}

export const looksLikeVkey = text => /^[^\s+]+\+[0-9a-f]{8}\+\S+$/i.test(text.trim())
