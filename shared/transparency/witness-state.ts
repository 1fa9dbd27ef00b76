// A witness's state file (SPEC 3.14, `npm run audit:witness`): what it pinned on its first run, the log's
// origin and the log key it trusted, and the last checkpoint it cosigned. Pinning is trust on first use: a
// later run against a log with another origin (another workspace, or another server behind the same URL),
// or signed under another key name, is not the log this witness vouches for; a key rotation is accepted
// only while the server still lists the pinned key, so the old checkpoints stay verifiable.
import { parseCheckpoint } from './checkpoint'
import { parseNote } from './note'

export interface WitnessPin { origin: string, key: { name: string, vkey: string } | null }
export interface WitnessState extends WitnessPin { note: string }

export type ReadWitnessState = { ok: true, state: WitnessState } | { ok: false, reason: string }

/**
 * The state file's text: JSON `{origin, key: {name, vkey}, note}`, or a bare note as written before pinning
 * (its origin is then the pin, and the key is pinned by the next run).
 */
export function readWitnessState(text: string): ReadWitnessState {
  if (!text.trimStart().startsWith('{')) {
    const parsed = parseNote(text)
    const checkpoint = parsed.ok ? parseCheckpoint(parsed.text) : null
    if (!checkpoint?.ok) return { ok: false, reason: 'neither a witness state nor a signed checkpoint' }
    return { ok: true, state: { origin: checkpoint.checkpoint.origin, key: null, note: text } }
  }
  try {
    const json = JSON.parse(text) as Partial<WitnessState>
    // Every state this witness writes pins a key: one without (edited) is refused, not pinned afresh.
    const key = json.key
    if (typeof json.origin !== 'string' || typeof json.note !== 'string' || typeof key !== 'object' || key === null || typeof key.name !== 'string' || typeof key.vkey !== 'string') {
      return { ok: false, reason: 'a witness state holds origin, key {name, vkey} and note' }
    }
    return { ok: true, state: { origin: json.origin, key, note: json.note } }
  }
  catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` }
  }
}

export const formatWitnessState = (state: WitnessState) => `${JSON.stringify(state, null, 2)}\n`

export type PinVerdict = { ok: true, pin: WitnessPin } | { ok: false, reason: string }

/**
 * Whether a checkpoint of `origin`, signed under `signer` (the log key that verified it), is the pinned log's.
 * `listed`: the vkeys the server lists now (`GET /api/audit/keys`). Answers the pin to save after cosigning.
 */
export function checkPin(pin: WitnessPin, origin: string, signer: { name: string, vkey: string }, listed: readonly string[]): PinVerdict {
  if (origin !== pin.origin) return { ok: false, reason: `the log's origin is ${origin}, but this witness is pinned to ${pin.origin}` }
  if (pin.key && signer.name !== pin.key.name) return { ok: false, reason: `the log signs as ${signer.name}, but this witness is pinned to ${pin.key.name}` }
  if (pin.key && signer.vkey !== pin.key.vkey && !listed.includes(pin.key.vkey)) {
    return { ok: false, reason: `the log signs with ${signer.vkey} and no longer lists ${pin.key.vkey}, the key this witness pinned` }
  }
  return { ok: true, pin: { origin, key: signer } }
}
