// Keys of C2SP signed notes (c2sp.org/signed-note): key names, key IDs, verifier keys (vkeys), Go's signer
// key text, and the Ed25519 note signer and verifier (signature type 0x01). Ed25519 itself is node:crypto's.
import { Buffer } from 'node:buffer'
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { decodeBase64, encodeBase64 } from './base64'

/** Signature type bytes assigned by c2sp.org/signed-note that this log uses. */
export const SIGNATURE_TYPE = {
  /** Ed25519 over the note text: the log's own checkpoint signature. */
  ed25519: 0x01,
  /** Timestamped Ed25519 checkpoint cosignature (c2sp.org/tlog-cosignature): a witness's. */
  cosignatureV1: 0x04,
} as const

/** Signs a note's text; `keyId` is the uint32 every signature line starts with. */
export interface NoteSigner { name: string, keyId: number, sign: (text: Uint8Array) => Uint8Array }

/** Checks a signature (the bytes after the key ID) over a note's text. */
export interface NoteVerifier { name: string, keyId: number, verify: (text: Uint8Array, signature: Uint8Array) => boolean }

/** Non-empty, valid text, no Unicode space (Go's unicode.IsSpace is the White_Space property) and no plus. */
export function isValidKeyName(name: string): boolean {
  return name !== '' && name.isWellFormed() && !/[\p{White_Space}+]/u.test(name)
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian. */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, type)).update(publicKey).digest()
  return digest.readUInt32BE(0)
}

/** A key ID as a vkey writes it: 8 lowercase hex digits. */
export const keyIdHex = (keyId: number) => keyId.toString(16).padStart(8, '0')

/** The 32 raw bytes (RFC 8032) of an Ed25519 public key, from a public or private KeyObject. */
export function ed25519PublicKeyBytes(key: KeyObject): Uint8Array {
  // Node 20's createPublicKey refuses a public KeyObject: only a private one needs deriving.
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' })
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 key')
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'))
}

/** An Ed25519 public KeyObject from its 32 raw bytes. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes')
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' })
}

/** RFC 8410's PKCS #8 prefix for a 32-byte Ed25519 seed, so Node can load the seeds Go's key text holds. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** An Ed25519 private KeyObject from its 32-byte seed. */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes')
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

/** Splits at the first `count - 1` pluses only: base64 has pluses of its own (Go cuts the same way). */
function cutPluses(text: string, count: number): string[] {
  const parts = text.split('+')
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')]
}

/** `<name>+<hex key ID>+<base64(type || public key)>`. */
export function formatVkey(name: string, type: number, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new TypeError('invalid key name')
  return `${name}+${keyIdHex(keyIdOf(name, type, publicKey))}+${encodeBase64(Uint8Array.of(type, ...publicKey))}`
}

export type VkeyFailure = 'malformed vkey' | 'invalid key name' | 'key id mismatch'
export type ParsedVkey = { ok: true, name: string, keyId: number, type: number, publicKey: Uint8Array } | { ok: false, reason: VkeyFailure }

/** Splits and checks a vkey: its key ID must be the one its name, type and key give. */
export function parseVkey(vkey: string): ParsedVkey {
  const [name = '', hex = '', key64 = ''] = cutPluses(vkey, 3)
  const key = decodeBase64(key64)
  if (!/^[0-9a-f]{8}$/i.test(hex) || !key || key.length < 2) return { ok: false, reason: 'malformed vkey' }
  if (!isValidKeyName(name)) return { ok: false, reason: 'invalid key name' }
  const keyId = Number.parseInt(hex, 16)
  if (keyIdOf(name, key[0]!, key.subarray(1)) !== keyId) return { ok: false, reason: 'key id mismatch' }
  return { ok: true, name, keyId, type: key[0]!, publicKey: key.subarray(1) }
}

/** The log's note signer: Ed25519 over the note text, key ID with type 0x01. */
export function ed25519Signer(name: string, privateKey: KeyObject): NoteSigner {
  if (!isValidKeyName(name)) throw new TypeError('invalid key name')
  const keyId = keyIdOf(name, SIGNATURE_TYPE.ed25519, ed25519PublicKeyBytes(privateKey))
  return { name, keyId, sign: text => new Uint8Array(sign(null, text, privateKey)) }
}

/** The matching verifier, from the 32 raw public key bytes. */
export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const key = ed25519PublicKey(publicKey)
  return {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE.ed25519, publicKey),
    verify: (text, signature) => signature.length === 64 && verify(null, text, key, signature),
  }
}

/** The vkey of the log's Ed25519 note key (SPEC 3.14's `GET /api/audit/public-key`). */
export function ed25519Vkey(name: string, key: KeyObject): string {
  return formatVkey(name, SIGNATURE_TYPE.ed25519, ed25519PublicKeyBytes(key))
}

/**
 * Go's signer key text (golang.org/x/mod/sumdb/note): `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>`.
 * Null unless well formed with an Ed25519 seed whose public key gives that key ID.
 */
export function parseSkey(skey: string): { name: string, keyId: number, privateKey: KeyObject } | null {
  const [private1, private2, name = '', hex = '', key64 = ''] = cutPluses(skey, 5)
  const key = decodeBase64(key64)
  if (private1 !== 'PRIVATE' || private2 !== 'KEY' || !/^[0-9a-f]{8}$/i.test(hex) || !isValidKeyName(name)) return null
  if (!key || key.length !== 33 || key[0] !== SIGNATURE_TYPE.ed25519) return null
  const privateKey = ed25519PrivateKeyFromSeed(key.subarray(1))
  const keyId = keyIdOf(name, SIGNATURE_TYPE.ed25519, ed25519PublicKeyBytes(privateKey))
  return keyId === Number.parseInt(hex, 16) ? { name, keyId, privateKey } : null
}
