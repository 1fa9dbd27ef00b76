// A vkey to the verifier its signature type calls for: the log's Ed25519 note key (0x01) or a witness's
// cosignature key (0x04). Any other type is refused rather than guessed.
import { cosignatureVerifier } from './cosignature'
import { ed25519Verifier, parseVkey, SIGNATURE_TYPE, type NoteVerifier, type VkeyFailure } from './keys'

export type VerifierFromVkey = { ok: true, verifier: NoteVerifier } | { ok: false, reason: VkeyFailure | 'unsupported signature type' | 'malformed public key' }

export function verifierFromVkey(vkey: string): VerifierFromVkey {
  const parsed = parseVkey(vkey)
  if (!parsed.ok) return parsed
  const { name, type, publicKey } = parsed
  if (type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) return { ok: false, reason: 'unsupported signature type' }
  if (publicKey.length !== 32) return { ok: false, reason: 'malformed public key' }
  try {
    return { ok: true, verifier: type === SIGNATURE_TYPE.ed25519 ? ed25519Verifier(name, publicKey) : cosignatureVerifier(name, publicKey) }
  }
  catch {
    return { ok: false, reason: 'malformed public key' }
  }
}
