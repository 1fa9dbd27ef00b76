// Signed checkpoints of a workspace's audit chain (SPEC 3.8), in plain JavaScript so the server and
// `npm run audit:verify` (no build step, no database) sign and check the very same bytes. Types:
// audit-checkpoint.d.mts. Ed25519 through Node's own crypto: no scheme of our own beyond which bytes are signed.
import { createPublicKey, hash, KeyObject, sign, verify } from 'node:crypto'

/** A public KeyObject from PEM text, a public KeyObject, or a private one (its public half). */
const publicKeyOf = key => (key instanceof KeyObject && key.type === 'public' ? key : createPublicKey(key))

/** Names the format, so a signature made for a checkpoint can never be read as one over other bytes. */
const DOMAIN = 'support-access audit checkpoint v1'

/** The exact bytes a checkpoint's signature covers: every field but the signature, in a fixed order. */
export function checkpointMessage(checkpoint) {
  const { workspace, events, head, at, keyId } = checkpoint
  return Buffer.from(`${DOMAIN}\n${JSON.stringify([workspace.id, workspace.slug, events, head, at, keyId])}`)
}

/** A short, stable name of a public key: the first 16 hex digits of the SHA-256 of its SPKI form. */
export function keyIdOf(publicKey) {
  const der = publicKeyOf(publicKey).export({ type: 'spki', format: 'der' })
  return hash('sha256', der).slice(0, 16)
}

/** Signs `{workspace, events, head, at}` with an Ed25519 private key; answers the whole checkpoint. */
export function signCheckpoint(fields, privateKey, keyId) {
  const checkpoint = { workspace: { id: fields.workspace.id, slug: fields.workspace.slug }, events: fields.events, head: fields.head, at: fields.at, keyId }
  return { ...checkpoint, signature: sign(null, checkpointMessage(checkpoint), privateKey).toString('base64') }
}

/** Whether the checkpoint's signature holds under this public key (PEM, or a KeyObject). */
export function checkpointSignatureHolds(checkpoint, publicKey) {
  if (typeof checkpoint?.signature !== 'string') return false
  try {
    return verify(null, checkpointMessage(checkpoint), publicKeyOf(publicKey), Buffer.from(checkpoint.signature, 'base64'))
  }
  catch {
    return false
  }
}
