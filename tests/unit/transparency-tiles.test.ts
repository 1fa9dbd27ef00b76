// The tiled layout of SPEC 3.14's trees (shared/transparency/tiles.ts): roots and proofs read from tile rows and
// tile leaves are the same as from every perfect subtree stored (the layout transparency-merkle.test.ts checks
// against the RFC's vectors and a naive generator), and still read O(log n) stored rows plus a few tiles.
import { describe, expect, it } from 'vitest'
import {
  appendReads, auditLeafHash, completesTile, leafHash, proveConsistency, proveInclusion, readerFromHashAt, rowsForAppend, rowsForTile,
  TILE_HEIGHT, TILE_WIDTH, tileAppendReads, tiledReader, tileOfLeaf, treeRoot, verifyConsistency, verifyInclusion, type Hash, type HashReader,
} from '#shared/transparency'

const toHex = (h: Uint8Array) => Buffer.from(h).toString('hex')
const text = (proof: readonly Hash[]) => proof.map(toHex).join(' ')
const leaves = Array.from({ length: 3000 }, (_, i) => auditLeafHash(toHex(leafHash(Uint8Array.of(i & 0xff, i >> 8)))))

/** Every perfect subtree stored, leaf by leaf: the untiled layout, as reference. */
function untiled(leafHashes: readonly Hash[]) {
  const rows = new Map<string, Hash>()
  leafHashes.forEach((h, i) => {
    for (const row of rowsForAppend(i, h, appendReads(i).map(p => rows.get(`${p.level}/${p.index}`)!))) rows.set(`${row.level}/${row.index}`, row.hash)
  })
  return { rows, read: readerFromHashAt((level, index) => rows.get(`${level}/${index}`)!) }
}

/** The tiled layout as the stores keep it: rows only when a tile completes; tiles answered from the leaves appended so far. */
function tiled(leafHashes: readonly Hash[], size = leafHashes.length) {
  const rows = new Map<string, Hash>()
  const reads = { stored: 0, tiles: 0, batches: 0 }
  for (let i = 0; i < size; i++) {
    if (!completesTile(i)) continue
    const tile = tileOfLeaf(i)
    const siblings = tileAppendReads(tile).map(p => rows.get(`${p.level}/${p.index}`)!)
    for (const row of rowsForTile(tile, leafHashes.slice(i + 1 - TILE_WIDTH, i + 1), siblings)) rows.set(`${row.level}/${row.index}`, row.hash)
  }
  const read = tiledReader((positions) => {
    reads.stored += positions.length
    reads.batches += 1
    return positions.map((p) => {
      const h = rows.get(`${p.level}/${p.index}`)
      if (!h) throw new Error(`no stored hash at ${p.level}/${p.index}`)
      return h
    })
  }, async (tiles) => {
    reads.tiles += tiles.length
    return new Map(tiles.map(t => [t, leafHashes.slice(t * TILE_WIDTH, Math.min((t + 1) * TILE_WIDTH, size))]))
  })
  return { rows, read, reads }
}

describe('a tiled tree', () => {
  const reference = untiled(leaves)
  const tree = tiled(leaves)

  it('stores exactly the untiled rows at and above the tile height, and none below', () => {
    expect([...tree.rows.keys()].every(key => Number(key.split('/')[0]) >= TILE_HEIGHT)).toBe(true)
    const expected = [...reference.rows].filter(([key]) => Number(key.split('/')[0]) >= TILE_HEIGHT)
    expect(tree.rows.size).toBe(expected.length)
    for (const [key, hash] of expected) expect(toHex(tree.rows.get(key)!), key).toBe(toHex(hash))
  })

  it('gives the same roots and proofs for every (index, size) and (from, to) up to 70 leaves, which verify', { timeout: 60_000 }, async () => {
    for (let size = 1; size <= 70; size++) {
      // Only the rows stored by the time the tree had `size` leaves: nothing read may come from later.
      const { read } = tiled(leaves, size)
      const root = await treeRoot(size, reference.read)
      expect(toHex(await treeRoot(size, read)), `root ${size}`).toBe(toHex(root))
      for (let index = 0; index < size; index++) {
        const proof = await proveInclusion(index, size, read)
        expect(text(proof)).toBe(text(await proveInclusion(index, size, reference.read)))
        expect(verifyInclusion(index, size, leaves[index]!, proof, root)).toEqual({ ok: true })
      }
      for (let from = 1; from <= size; from++) {
        const proof = await proveConsistency(from, size, read)
        expect(text(proof)).toBe(text(await proveConsistency(from, size, reference.read)))
        expect(verifyConsistency(from, size, proof, await treeRoot(from, reference.read), root)).toEqual({ ok: true })
      }
    }
  })

  it('agrees at random sizes up to 3,000 leaves', { timeout: 60_000 }, async () => {
    let seed = 16
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below
    for (let round = 0; round < 60; round++) {
      const size = 1 + random(3000)
      const { read } = tiled(leaves, size)
      const index = random(size)
      const from = 1 + random(size)
      expect(toHex(await treeRoot(size, read))).toBe(toHex(await treeRoot(size, reference.read)))
      expect(text(await proveInclusion(index, size, read))).toBe(text(await proveInclusion(index, size, reference.read)))
      expect(text(await proveConsistency(from, size, read))).toBe(text(await proveConsistency(from, size, reference.read)))
    }
  })

  it('refuses a tile that is not whole', () => {
    expect(() => rowsForTile(0, leaves.slice(0, TILE_WIDTH - 1), [])).toThrow(/16 leaves/)
  })
})

describe('a tiled tree reads O(log n) stored rows and at most three tiles', () => {
  const n = 1_000_000
  const bound = 2 * Math.log2(n) + 2
  // Made-up hashes: the reads are counted, not checked.
  const counting = () => {
    const reads = { stored: 0, tiles: 0, batches: 0 }
    const fake = (level: number, index: number) => leafHash(Uint8Array.of(level, index & 0xff))
    const read: HashReader = tiledReader((positions) => {
      reads.batches += 1
      reads.stored += positions.length
      return positions.map(p => fake(p.level, p.index))
    }, async (tiles) => {
      reads.tiles += tiles.length
      return new Map(tiles.map(t => [t, Array.from({ length: Math.min(TILE_WIDTH, n - t * TILE_WIDTH) }, (_, i) => fake(0, t * TILE_WIDTH + i))]))
    })
    return { read, reads }
  }

  it(`at n = ${n}`, async () => {
    for (const [label, run] of [
      ['root', (r: HashReader) => treeRoot(n - 5, r)],
      ...[0, 1, 4095, 524_287, 524_288, 999_990].map(i => [`inclusion ${i}`, (r: HashReader) => proveInclusion(i, n - 5, r)] as const),
      ...[1, 2, 3, 1000, 524_287, 524_289, 999_990].map(m => [`consistency ${m}`, (r: HashReader) => proveConsistency(m, n - 5, r)] as const),
    ] as const) {
      const { read, reads } = counting()
      await run(read)
      expect(reads.stored, label).toBeLessThanOrEqual(bound)
      expect(reads.batches, label).toBeLessThanOrEqual(1)
      expect(reads.tiles, label).toBeLessThanOrEqual(3)
    }
  })
})
