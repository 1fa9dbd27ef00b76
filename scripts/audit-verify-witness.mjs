// Two checks of `npm run audit:verify` (SPEC 3.14, issue 33) beyond the note's signature:
//   - the validity of the key that signed the export's note, when --key gives the key history
//     (`GET /api/audit/keys`, each key with `from` and `until`): the rule is key-validity.ts's;
//   - the witnesses' cosignature lines the export's note carries, against the keys given with --witness.
// Each returns a reason when it fails, which the script prints as `broken: <reason>`.
import { checkpointSignatureHolds, keyIdOf } from '../shared/audit-checkpoint.mjs'
import { transparency as tl } from './transparency.mjs'

/**
 * Whether the key that signed the note (`signers`, its verified lines) was valid when the note was signed:
 * not retired before the newest event the export holds, and neither side of the legacy checkpoint's `at`
 * when that is signed with the same key. Keys given without a history (a bare vkey) are not dated.
 */
export function keyWindowProblem(history, signers, events, legacy) {
  for (const sig of signers) {
    const entry = history.find((k) => {
      const v = typeof k.vkey === 'string' ? tl.verifierFromVkey(k.vkey) : { ok: false }
      return v.ok && v.verifier.name === sig.name && v.verifier.keyId === sig.keyId && typeof k.from === 'string'
    })
    if (!entry) continue
    const newest = events.reduce((n, e) => (n && n.createdAt >= e.createdAt ? n : e), null)
    let notBefore = newest ? { ms: newest.createdAt, what: `its event ${newest.id}, the newest it holds` } : undefined
    let notAfter
    const signedAt = Date.parse(legacy?.at)
    if (entry.publicKey && legacy?.keyId === keyIdOf(entry.publicKey) && checkpointSignatureHolds(legacy, entry.publicKey) && Number.isFinite(signedAt)) {
      notAfter = { ms: signedAt, what: 'the time the export\'s checkpoint was signed' }
      if (!notBefore || signedAt > notBefore.ms) notBefore = notAfter
    }
    const verdict = tl.checkKeyWindow(entry, { notBefore, notAfter })
    if (!verdict.ok) return `the export's note is signed by ${entry.vkey}: ${verdict.reason} (${verdict.detail})`
  }
  return null
}

/** A cosignature/v1 line's signature: 8 bytes of time and 64 of Ed25519 (a log's Ed25519 line has 64). */
const isCosignature = sig => sig.signature.length === 72

/**
 * The note's cosignature lines against the witness vkeys given: each by a given witness must verify (else
 * the reason), the others are reported unchecked. Answers `{problem}` or `{lines}` to print.
 */
export function checkCosignatures(note, witnessVkeys) {
  const witnesses = []
  for (const vkey of witnessVkeys) {
    const made = tl.verifierFromVkey(vkey.trim())
    const parsed = tl.parseVkey(vkey.trim())
    if (!made.ok || !parsed.ok || parsed.type !== tl.SIGNATURE_TYPE.cosignatureV1) return { usage: `--witness ${vkey}: not a witness vkey (cosignature/v1, type 0x04)` }
    witnesses.push({ vkey: vkey.trim(), verifier: made.verifier })
  }
  const parsed = tl.parseNote(note)
  if (!parsed.ok) return { problem: `the export's note is malformed: ${parsed.reason}` }
  const lines = []
  for (const sig of parsed.signatures.filter(isCosignature)) {
    const label = `${sig.name}+${tl.keyIdHex(sig.keyId)}`
    const witness = witnesses.find(w => w.verifier.name === sig.name && w.verifier.keyId === sig.keyId)
    if (!witness) {
      lines.push(`cosignature by ${label}: not checked (give --witness <its vkey> to check it)`)
      continue
    }
    // This line alone: opening the whole note passes on the witness's first good line, which would let a
    // forged line after it (another time) pass as verified too.
    const opened = tl.openNote(`${parsed.text}\n\u2014 ${sig.name} ${sig.base64}\n`, [witness.verifier])
    if (!opened.ok) return { problem: `the cosignature by ${label} does not verify: ${opened.reason === 'invalid signature' ? 'invalid cosignature (not made by that witness over this checkpoint)' : opened.reason}` }
    lines.push(`cosignature by ${label}: verified (cosigned ${new Date(tl.cosignatureTime(sig.signature) * 1000).toISOString()})`)
  }
  for (const w of witnesses) {
    if (!parsed.signatures.some(s => s.name === w.verifier.name && s.keyId === w.verifier.keyId)) lines.push(`witness ${w.vkey}: no cosignature of this tree size in the export`)
  }
  return { lines }
}
