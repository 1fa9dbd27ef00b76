import { describe, expect, it } from 'vitest'
import { checkGrowth, growthWithoutProof, leafHash, nodeHash, proveConsistency, treeRoot, type Checkpoint, type Hash, type HashReader } from '#shared/transparency'

// The witness's rules (SPEC 3.14): a checkpoint is cosigned only when it provably extends the one seen before.
const leaves = Array.from({ length: 9 }, (_, i) => leafHash(new TextEncoder().encode(`event ${i}`)))
/** Stored perfect subtrees, computed from the leaves in memory. */
const subtree = (level: number, index: number): Hash => (level === 0 ? leaves[index]! : nodeHash(subtree(level - 1, 2 * index), subtree(level - 1, 2 * index + 1)))
const read: HashReader = positions => positions.map(p => subtree(p.level, p.index))
const at = (size: number, root: Hash, origin = 'example.com/audit/1'): Checkpoint => ({ origin, size, rootHash: root, extensions: [] })
const filled = (n: number) => new Uint8Array(32).fill(n) as Hash

describe('a witness cosigns only a log that grew', () => {
  it('shrunk, forked or another origin are refused without a proof; the first checkpoint and an unchanged one pass', () => {
    expect(growthWithoutProof(null, at(5, filled(1)))).toEqual({ ok: true })
    expect(growthWithoutProof(at(5, filled(1)), at(5, filled(1)))).toEqual({ ok: true })
    expect(growthWithoutProof(at(5, filled(1)), at(4, filled(1)))).toEqual({ ok: false, reason: 'the log shrank from 5 to 4 events' })
    expect(growthWithoutProof(at(5, filled(1)), at(5, filled(2)))).toEqual({ ok: false, reason: 'the log forked: 5 events with another root than before' })
    expect(growthWithoutProof(at(5, filled(1)), at(6, filled(1), 'example.com/audit/2'))).toMatchObject({ ok: false, reason: expect.stringContaining('origin changed') })
    expect(growthWithoutProof(at(0, filled(1)), at(6, filled(1)))).toEqual({ ok: true })
    expect(growthWithoutProof(at(5, filled(1)), at(6, filled(1)))).toBe('needs proof')
    expect(checkGrowth(at(5, filled(1)), at(6, filled(1)), null)).toEqual({ ok: false, reason: 'the log gave no consistency proof from 5 to 6 events' })
  })

  it('a grown log passes with its consistency proof; a rewritten earlier tree does not', async () => {
    const old = at(5, await treeRoot(5, read))
    const grown = at(9, await treeRoot(9, read))
    const proof = await proveConsistency(5, 9, read)
    expect(checkGrowth(old, grown, proof)).toEqual({ ok: true })
    expect(checkGrowth(at(5, filled(3)), grown, proof)).toMatchObject({ ok: false, reason: expect.stringMatching(/^the consistency proof from 5 to 9 events does not verify: /) })
  })
})
