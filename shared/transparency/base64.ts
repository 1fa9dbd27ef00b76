// Standard base64 (RFC 4648 §4) as signed notes and checkpoints use it. Node's decoder skips characters it
// does not know, so a decoding only counts when it encodes back to exactly the same text.
import { Buffer } from 'node:buffer'

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')
}

/** The bytes of canonical standard base64 text; null for anything else (bad characters, padding, stray bits). */
export function decodeBase64(text: string): Uint8Array | null {
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : null
}
