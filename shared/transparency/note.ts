// C2SP signed notes (c2sp.org/signed-note; Go's golang.org/x/mod/sumdb/note): a text ending in a newline, a
// blank line, then one or more lines `— <key name> <base64(key ID || signature)>`, the signature over the
// text exactly (its final newline included, the blank line not).
import { Buffer } from 'node:buffer'
import { decodeBase64, encodeBase64 } from './base64'
import { isValidKeyName, type NoteSigner, type NoteVerifier } from './keys'

/** One signature line of a note. `signature` is what follows the 4-byte key ID. */
export interface NoteSignature { name: string, keyId: number, base64: string, signature: Uint8Array }

export type NoteFailure =
  | 'not UTF-8' // the note's bytes are not valid UTF-8
  | 'control character' // an ASCII control character other than newline
  | 'no signature block' // no blank line, or nothing after the last one, or no final newline
  | 'malformed signature line' // a line after the blank line that is not `— <name> <base64>`
  | 'invalid key name' // empty, or holding a space or a plus
  | 'malformed signature' // not canonical base64 of at least 5 bytes
  | 'too many signatures' // more than MAX_SIGNATURES lines
  | 'invalid signature' // a known key's signature does not verify: the whole note is refused
  | 'no known signature' // no signature from a known key
  | 'ambiguous verifiers' // two known keys share a name and key ID

/** The spec asks verifiers to accept at least 16; Go's reader stops at 100. */
export const MAX_SIGNATURES = 100

export type ParsedNote = { ok: true, text: string, signatures: NoteSignature[] } | { ok: false, reason: NoteFailure }
export type OpenedNote =
  | { ok: true, text: string, verified: NoteSignature[], unverified: NoteSignature[] }
  | { ok: false, reason: NoteFailure, name?: string, keyId?: number }

const SIGNATURE_PREFIX = '\u2014 '

function noteText(note: string | Uint8Array): string | null {
  if (typeof note === 'string') return note.isWellFormed() ? note : null
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note)
  }
  catch {
    return null
  }
}

/** Splits a note into its text and signature lines, checking their shape but no signature. */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const message = noteText(note)
  if (message === null) return { ok: false, reason: 'not UTF-8' }
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f]/.test(message)) return { ok: false, reason: 'control character' }
  const split = message.lastIndexOf('\n\n')
  const block = message.slice(split + 2)
  if (split < 0 || block === '' || !block.endsWith('\n')) return { ok: false, reason: 'no signature block' }
  const lines = block.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: 'too many signatures' }
  const signatures: NoteSignature[] = []
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return { ok: false, reason: 'malformed signature line' }
    const rest = line.slice(SIGNATURE_PREFIX.length)
    const space = rest.indexOf(' ')
    const name = space < 0 ? rest : rest.slice(0, space)
    const base64 = space < 0 ? '' : rest.slice(space + 1)
    if (!isValidKeyName(name)) return { ok: false, reason: 'invalid key name' }
    const bytes = decodeBase64(base64)
    if (base64 === '' || !bytes || bytes.length < 5) return { ok: false, reason: 'malformed signature' }
    const keyId = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0)
    signatures.push({ name, keyId, base64, signature: bytes.subarray(4) })
  }
  return { ok: true, text: message.slice(0, split + 1), signatures }
}

/**
 * Parses a note and checks it against the known keys: unknown keys' lines are kept aside unverified, a
 * known key's failing signature refuses the whole note, and at least one known key must have signed.
 */
export function openNote(note: string | Uint8Array, known: readonly NoteVerifier[]): OpenedNote {
  const parsed = parseNote(note)
  if (!parsed.ok) return parsed
  const text = new Uint8Array(Buffer.from(parsed.text, 'utf8'))
  const verified: NoteSignature[] = []
  const unverified: NoteSignature[] = []
  const seen = new Set<string>()
  for (const sig of parsed.signatures) {
    const id = `${sig.name}+${sig.keyId}`
    const matches = known.filter(v => v.name === sig.name && v.keyId === sig.keyId)
    if (matches.length > 1) return { ok: false, reason: 'ambiguous verifiers', name: sig.name, keyId: sig.keyId }
    const [verifier] = matches
    // A key's second line, or an identical unknown line, adds nothing (Go drops them the same way).
    if (!verifier) {
      if (!unverified.some(u => u.name === sig.name && u.base64 === sig.base64)) unverified.push(sig)
      continue
    }
    if (seen.has(id)) continue
    seen.add(id)
    if (!verifier.verify(text, sig.signature)) return { ok: false, reason: 'invalid signature', name: sig.name, keyId: sig.keyId }
    verified.push(sig)
  }
  if (verified.length === 0) return { ok: false, reason: 'no known signature' }
  return { ok: true, text: parsed.text, verified, unverified }
}

/** `— <name> <base64(key ID || signature)>\n` */
export function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const bytes = Buffer.alloc(4 + signature.length)
  bytes.writeUInt32BE(keyId, 0)
  bytes.set(signature, 4)
  return `${SIGNATURE_PREFIX}${name} ${encodeBase64(bytes)}\n`
}

/**
 * Signs `text` (which must end in a newline) with each signer. Lines in `keep` (a note's earlier signatures,
 * e.g. the log's when a witness cosigns) come first, except those of a key that signs anew.
 */
export function signNote(text: string, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  if (!text.endsWith('\n') || !text.isWellFormed()) throw new TypeError('a note text is valid UTF-8 ending in a newline')
  if (signers.some(s => !isValidKeyName(s.name))) throw new TypeError('invalid key name')
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'))
  const renewed = (s: NoteSignature) => signers.some(signer => signer.name === s.name && signer.keyId === s.keyId)
  const kept = keep.filter(s => !renewed(s)).map(s => `${SIGNATURE_PREFIX}${s.name} ${s.base64}\n`)
  const added = signers.map(s => signatureLine(s.name, s.keyId, s.sign(bytes)))
  return `${text}\n${[...kept, ...added].join('')}`
}

/** Adds signatures to a signed note (a witness's cosignature), keeping its other lines. Null if it is malformed. */
export function addSignatures(note: string, signers: readonly NoteSigner[]): string | null {
  const parsed = parseNote(note)
  return parsed.ok ? signNote(parsed.text, signers, parsed.signatures) : null
}
