// A witness's state file (SPEC 3.14): a bare note from before pinning is read and pinned by the next run;
// a JSON state always carries the key it pinned, so one edited to drop it is refused, not pinned afresh.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ed25519Signer, ed25519Vkey, formatWitnessState, readWitnessState, signCheckpoint } from '#shared/transparency'

const key = generateKeyPairSync('ed25519').privateKey
const note = signCheckpoint({ origin: 'example.test/audit/1', size: 0, rootHash: new Uint8Array(32), extensions: [] }, [ed25519Signer('example.test', key)])
const vkey = ed25519Vkey('example.test', key)

describe('a witness state file', () => {
  it('reads a bare note as a state without a pinned key, and a JSON state with its key', () => {
    expect(readWitnessState(note)).toEqual({ ok: true, state: { origin: 'example.test/audit/1', key: null, note } })
    const state = { origin: 'example.test/audit/1', key: { name: 'example.test', vkey }, note }
    expect(readWitnessState(formatWitnessState(state))).toEqual({ ok: true, state })
  })

  it('refuses a JSON state whose key was removed or mangled', () => {
    for (const key of [null, undefined, 'example.test', { name: 'example.test' }]) {
      const read = readWitnessState(JSON.stringify({ origin: 'example.test/audit/1', key, note }))
      expect(read.ok, JSON.stringify(key)).toBe(false)
    }
  })
})
