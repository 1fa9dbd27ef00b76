// Witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1, Ed25519): a note signature over
// `cosignature/v1\ntime <unix seconds>\n` + the checkpoint's note text, written as
// `— <witness name> base64(key ID || timestamp (8 bytes, big-endian) || Ed25519 signature)`,
// the key ID computed with signature type 0x04. Ed25519 itself is node:crypto's.
import { Buffer } from 'node:buffer'
import { sign, verify, type KeyObject } from 'node:crypto'
import { parseCheckpoint } from './checkpoint'
import { ed25519PublicKey, ed25519PublicKeyBytes, formatVkey, isValidKeyName, keyIdOf, SIGNATURE_TYPE, type NoteSigner, type NoteVerifier } from './keys'

const TIMESTAMP_SIZE = 8
const ED25519_SIGNATURE_SIZE = 64
/** The spec caps the timestamp at 2^63 - 1; a JavaScript number stays exact up to 2^53 - 1, far beyond any clock. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER

/** The bytes a cosignature/v1 signs. `checkpointText` is the whole note text, extension lines included. */
export function cosignedMessage(timestamp: number, checkpointText: string): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('a cosignature time is non-negative whole seconds')
  return new Uint8Array(Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8'))
}

/** The cosigner key ID: SHA-256(<name> || "\n" || 0x04 || public key)[:4]. */
export function cosignerKeyId(name: string, publicKey: Uint8Array): number {
  return keyIdOf(name, SIGNATURE_TYPE.cosignatureV1, publicKey)
}

/** The witness's vkey (type 0x04), as a log or client is configured with it. */
export function cosignerVkey(name: string, key: KeyObject): string {
  return formatVkey(name, SIGNATURE_TYPE.cosignatureV1, ed25519PublicKeyBytes(key))
}

/** A note signer that cosigns checkpoints at the clock's time (unix seconds). Refuses a text that is no checkpoint. */
export function cosigner(name: string, privateKey: KeyObject, clock: () => number = () => Math.floor(Date.now() / 1000)): NoteSigner {
  if (!isValidKeyName(name)) throw new TypeError('invalid key name')
  return {
    name,
    keyId: cosignerKeyId(name, ed25519PublicKeyBytes(privateKey)),
    sign: (text) => {
      const checkpointText = Buffer.from(text).toString('utf8')
      if (!parseCheckpoint(checkpointText).ok) throw new TypeError('a cosignature signs a checkpoint')
      const timestamp = clock()
      const out = Buffer.alloc(TIMESTAMP_SIZE)
      out.writeBigUInt64BE(BigInt(timestamp))
      return new Uint8Array(Buffer.concat([out, sign(null, cosignedMessage(timestamp, checkpointText), privateKey)]))
    },
  }
}

/** The time a cosignature claims (the bytes after its key ID), or null when they are not a cosignature/v1. */
export function cosignatureTime(signature: Uint8Array): number | null {
  if (signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return null
  const timestamp = Buffer.from(signature.buffer, signature.byteOffset, TIMESTAMP_SIZE).readBigUInt64BE(0)
  return timestamp <= BigInt(MAX_TIMESTAMP) ? Number(timestamp) : null
}

/** A note verifier for a witness's cosignatures, from its name and 32-byte public key. */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const key = ed25519PublicKey(publicKey)
  return {
    name,
    keyId: cosignerKeyId(name, publicKey),
    verify: (text, signature) => {
      const timestamp = cosignatureTime(signature)
      const checkpointText = Buffer.from(text).toString('utf8')
      if (timestamp === null || !parseCheckpoint(checkpointText).ok) return false
      return verify(null, cosignedMessage(timestamp, checkpointText), key, signature.subarray(TIMESTAMP_SIZE))
    },
  }
}
