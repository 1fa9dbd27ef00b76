// The Merkle tree of SPEC 3.14 against the reference vectors, a second generator written naively from
// RFC 9162, tampered proofs, and the O(log n) read count.
import { describe, expect, it } from 'vitest'
import {
  appendReads, auditLeafHash, consistencyPlan, emptyRoot, inclusionPlan, leafHash, nodeHash, planPositions, proveConsistency, proveInclusion,
  isPowerOfTwo, readerFromHashAt, rootOfLeafHashes, rowsForAppend, rowsForAppends, splitPoint, treeRoot, verifyConsistency, verifyInclusion,
  type Hash, type HashReader, type StoredNode,
} from '#shared/transparency'

const hex = (s: string): Hash => new Uint8Array(Buffer.from(s, 'hex'))
const toHex = (h: Uint8Array) => Buffer.from(h).toString('hex')
/** Proofs compared as text: vitest's deep equality over thousands of byte arrays is slow. */
const text = (proof: readonly Hash[]) => proof.map(toHex).join(' ')

// Reference vectors of the RFC 6962 test tree, from github.com/transparency-dev/merkle: the leaves and roots
// in testonly/constants.go (LeafInputs, RootHashes), the proofs in proof/verify_test.go at commit
// 9ca563d3ac2bab915317cf153ed4f952f6e74c07 (inclusionProofs, whose leaf numbers count from 1, and consistencyProofs).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex)
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const INCLUSION: Array<[leafFrom1: number, size: number, proof: string[]]> = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [3, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [2, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
]
const CONSISTENCY: Array<[from: number, to: number, proof: string[]]> = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
]

/** A stored tree built the way the server will: each append stores `rowsForAppend`, read back through a counting reader. */
function storedTree(leafHashes: readonly Hash[]) {
  const rows = new Map<string, Hash>()
  const reads = { count: 0 }
  const hashAt = (level: number, index: number) => {
    reads.count += 1
    const h = rows.get(`${level}/${index}`)
    if (!h) throw new Error(`no stored hash at ${level}/${index}`)
    return h
  }
  const read = readerFromHashAt(hashAt)
  leafHashes.forEach((h, i) => {
    for (const row of rowsForAppend(i, h, appendReads(i).map(p => rows.get(`${p.level}/${p.index}`)!))) rows.set(`${row.level}/${row.index}`, row.hash)
  })
  return { rows, read, reads }
}

// The second generator: RFC 9162 §2.1.3.1 / §2.1.4.1 written out over all leaf hashes, with no storage at all.
const mth = (d: readonly Hash[]): Hash => d.length === 0 ? emptyRoot() : d.length === 1 ? d[0]! : nodeHash(mth(d.slice(0, splitPoint(d.length))), mth(d.slice(splitPoint(d.length))))
function naivePath(m: number, d: readonly Hash[]): Hash[] {
  if (d.length <= 1) return []
  const k = splitPoint(d.length)
  return m < k ? [...naivePath(m, d.slice(0, k)), mth(d.slice(k))] : [...naivePath(m - k, d.slice(k)), mth(d.slice(0, k))]
}
function naiveSubproof(m: number, d: readonly Hash[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [mth(d)]
  const k = splitPoint(d.length)
  return m <= k ? [...naiveSubproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...naiveSubproof(m - k, d.slice(k), false), mth(d.slice(0, k))]
}

const leafHashesOf = (n: number) => Array.from({ length: n }, (_, i) => auditLeafHash(toHex(leafHash(Uint8Array.of(i & 0xff, i >> 8)))))

describe('the RFC 6962 test tree (transparency-dev/merkle vectors)', () => {
  const hashes = LEAVES.map(leafHash)
  const tree = storedTree(hashes)

  it('has the reference root at every size, in memory and from storage', async () => {
    for (let size = 0; size <= 8; size++) {
      expect(toHex(rootOfLeafHashes(hashes.slice(0, size)))).toBe(ROOTS[size])
      expect(toHex(await treeRoot(size, tree.read))).toBe(ROOTS[size])
    }
  })

  it('makes and verifies the reference inclusion proofs', async () => {
    for (const [leaf, size, proof] of INCLUSION) {
      const made = await proveInclusion(leaf - 1, size, tree.read)
      expect(made.map(toHex)).toEqual(proof)
      expect(verifyInclusion(leaf - 1, size, hashes[leaf - 1]!, proof.map(hex), hex(ROOTS[size]!))).toEqual({ ok: true })
    }
  })

  it('makes and verifies the reference consistency proofs', async () => {
    for (const [from, to, proof] of CONSISTENCY) {
      expect((await proveConsistency(from, to, tree.read)).map(toHex)).toEqual(proof)
      expect(verifyConsistency(from, to, proof.map(hex), hex(ROOTS[from]!), hex(ROOTS[to]!))).toEqual({ ok: true })
    }
  })
})

describe('proofs against a naive RFC 9162 generator', () => {
  const all = leafHashesOf(3000)
  const tree = storedTree(all)

  it('agree for every (index, size) and (from, to) up to 64 leaves, and verify', { timeout: 60_000 }, async () => {
    for (let size = 1; size <= 64; size++) {
      const d = all.slice(0, size)
      const root = mth(d)
      expect(toHex(await treeRoot(size, tree.read))).toBe(toHex(root))
      for (let index = 0; index < size; index++) {
        const proof = await proveInclusion(index, size, tree.read)
        expect(text(proof)).toBe(text(naivePath(index, d)))
        expect(verifyInclusion(index, size, d[index]!, proof, root)).toEqual({ ok: true })
      }
      for (let from = 1; from <= size; from++) {
        const proof = await proveConsistency(from, size, tree.read)
        expect(text(proof)).toBe(text(naiveSubproof(from, d, true)))
        expect(verifyConsistency(from, size, proof, mth(d.slice(0, from)), root)).toEqual({ ok: true })
      }
    }
  })

  it('agree at random sizes up to 3,000 leaves', { timeout: 60_000 }, async () => {
    let seed = 33
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below
    for (let round = 0; round < 40; round++) {
      const size = 1 + random(3000)
      const index = random(size)
      const from = 1 + random(size)
      const d = all.slice(0, size)
      const root = mth(d)
      const inclusion = await proveInclusion(index, size, tree.read)
      expect(text(inclusion)).toBe(text(naivePath(index, d)))
      expect(verifyInclusion(index, size, d[index]!, inclusion, root)).toEqual({ ok: true })
      const consistency = await proveConsistency(from, size, tree.read)
      expect(text(consistency)).toBe(text(naiveSubproof(from, d, true)))
      expect(verifyConsistency(from, size, consistency, mth(d.slice(0, from)), root)).toEqual({ ok: true })
    }
  })

  it('stores the same rows whether leaves arrive one by one or in batches', async () => {
    const byKey = new Map<string, Hash>()
    let leavesStored = 0
    // A batch may only read rows stored before it: the ones it completes itself come from the batch.
    const read: HashReader = positions => positions.map((p) => {
      expect((p.index + 1) * 2 ** p.level).toBeLessThanOrEqual(leavesStored)
      return byKey.get(`${p.level}/${p.index}`)!
    })
    for (const [first, count] of [[0, 1], [1, 6], [7, 1], [8, 9], [17, 47]] as const) {
      const rows: StoredNode[] = await rowsForAppends(first, all.slice(first, first + count), read)
      for (const row of rows) byKey.set(`${row.level}/${row.index}`, row.hash)
      leavesStored = first + count
    }
    expect(byKey).toEqual(new Map([...tree.rows].filter(([key]) => { const [level, index] = key.split('/').map(Number); return (index! + 1) * 2 ** level! <= 64 })))
  })
})

describe('tampered proofs are refused with their reason', () => {
  const d = leafHashesOf(13)
  const root = mth(d)
  const flip = (h: Hash) => { const c = Uint8Array.from(h); c[0]! ^= 1; return c }

  it('inclusion', () => {
    const proof = naivePath(5, d)
    expect(verifyInclusion(5, 13, d[5]!, proof, root)).toEqual({ ok: true })
    proof.forEach((_, i) => expect(verifyInclusion(5, 13, d[5]!, proof.map((h, j) => j === i ? flip(h) : h), root)).toEqual({ ok: false, reason: 'root mismatch' }))
    expect(verifyInclusion(5, 13, d[6]!, proof, root)).toEqual({ ok: false, reason: 'root mismatch' })
    expect(verifyInclusion(5, 13, d[5]!, proof, flip(root))).toEqual({ ok: false, reason: 'root mismatch' })
    expect(verifyInclusion(4, 13, d[5]!, proof, root)).toEqual({ ok: false, reason: 'root mismatch' })
    expect(verifyInclusion(5, 13, d[5]!, [...proof, root], root)).toEqual({ ok: false, reason: 'proof too long' })
    expect(verifyInclusion(5, 13, d[5]!, proof.slice(0, -1), root)).toEqual({ ok: false, reason: 'proof too short' })
    expect(verifyInclusion(13, 13, d[5]!, proof, root)).toEqual({ ok: false, reason: 'index out of range' })
    expect(verifyInclusion(5, 13, d[5]!, [...proof.slice(0, -1), new Uint8Array(31)], root)).toEqual({ ok: false, reason: 'malformed hash' })
  })

  it('consistency', () => {
    const old = mth(d.slice(0, 6))
    const proof = naiveSubproof(6, d, true)
    expect(verifyConsistency(6, 13, proof, old, root)).toEqual({ ok: true })
    // proof[0] seeds both roots; proof[1] is a right sibling only the new tree has.
    expect(verifyConsistency(6, 13, [flip(proof[0]!), ...proof.slice(1)], old, root)).toEqual({ ok: false, reason: 'first root mismatch' })
    expect(verifyConsistency(6, 13, [proof[0]!, flip(proof[1]!), ...proof.slice(2)], old, root)).toEqual({ ok: false, reason: 'second root mismatch' })
    expect(verifyConsistency(6, 13, [...proof.slice(0, -1), flip(proof.at(-1)!)], old, root)).toEqual({ ok: false, reason: 'second root mismatch' })
    expect(verifyConsistency(6, 13, proof, flip(old), root)).toEqual({ ok: false, reason: 'first root mismatch' })
    expect(verifyConsistency(6, 13, proof, old, flip(root))).toEqual({ ok: false, reason: 'second root mismatch' })
    expect(verifyConsistency(6, 13, [...proof, root], old, root)).toEqual({ ok: false, reason: 'proof too long' })
    expect(verifyConsistency(6, 13, proof.slice(0, -1), old, root)).toEqual({ ok: false, reason: 'proof too short' })
    expect(verifyConsistency(6, 13, [], old, root)).toEqual({ ok: false, reason: 'proof empty' })
    expect(verifyConsistency(13, 6, proof, root, old)).toEqual({ ok: false, reason: 'sizes out of order' })
    expect(verifyConsistency(0, 13, proof, emptyRoot(), root)).toEqual({ ok: false, reason: 'empty first tree' })
    expect(verifyConsistency(13, 13, [], root, root)).toEqual({ ok: true })
    expect(verifyConsistency(13, 13, [root], root, root)).toEqual({ ok: false, reason: 'proof too long' })
    expect(verifyConsistency(13, 13, [], root, old)).toEqual({ ok: false, reason: 'second root mismatch' })
  })
})

describe('a proof reads O(log n) stored hashes', () => {
  const n = 1_000_000
  const bound = 2 * Math.log2(n) + 2
  // The generator never checks what it reads, so a reader of made-up hashes counts the reads of a huge tree.
  const counting = () => {
    const reads = { count: 0, batches: 0 }
    const read: HashReader = (positions) => {
      reads.batches += 1
      reads.count += positions.length
      return positions.map(p => leafHash(Uint8Array.of(p.level, p.index & 0xff)))
    }
    return { read, reads }
  }

  it(`at n = ${n}: at most ${bound} hashes in one batch for the root, any inclusion or consistency proof`, async () => {
    for (const [label, run] of [
      ['root', (r: HashReader) => treeRoot(n, r)],
      ...[0, 1, 4095, 524_287, 524_288, 999_998, 999_999].map(i => [`inclusion ${i}`, (r: HashReader) => proveInclusion(i, n, r)] as const),
      ...[1, 2, 3, 1000, 524_287, 524_288, 524_289, 999_999].map(m => [`consistency ${m}`, (r: HashReader) => proveConsistency(m, n, r)] as const),
    ] as const) {
      const { read, reads } = counting()
      await run(read)
      expect(reads.count, label).toBeLessThanOrEqual(bound)
      expect(reads.batches, label).toBeLessThanOrEqual(1)
    }
    for (let i = 0; i < n; i += 9973) {
      expect(planPositions(inclusionPlan(i, n)).length).toBeLessThanOrEqual(bound)
      expect(planPositions(consistencyPlan(i + 1, n)).length).toBeLessThanOrEqual(bound)
      expect(appendReads(i).length).toBeLessThanOrEqual(Math.log2(n))
    }
  })

  it('stays exact past 2^32 leaves (a tree of equal leaves, whose every perfect subtree hash is known)', async () => {
    const levels = [leafHash(Uint8Array.of(1))]
    for (let l = 1; l <= 52; l++) levels.push(nodeHash(levels[l - 1]!, levels[l - 1]!))
    const read: HashReader = positions => positions.map(p => levels[p.level]!)
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40)
    expect(isPowerOfTwo(2 ** 52)).toBe(true)
    expect(isPowerOfTwo(2 ** 53 - 1)).toBe(false)
    const size = 2 ** 40 + 12_345
    const root = await treeRoot(size, read)
    for (const index of [0, 2 ** 32 - 1, 2 ** 32, 2 ** 40 - 1, 2 ** 40, size - 1]) {
      expect(verifyInclusion(index, size, levels[0]!, await proveInclusion(index, size, read), root), String(index)).toEqual({ ok: true })
    }
    for (const from of [1, 2 ** 32 + 1, 2 ** 40, 2 ** 40 + 1, size - 1]) {
      const proof = await proveConsistency(from, size, read)
      expect(verifyConsistency(from, size, proof, await treeRoot(from, read), root), String(from)).toEqual({ ok: true })
      expect(verifyConsistency(from, size, proof, await treeRoot(from, read), await treeRoot(size - 1, read)).ok).toBe(false)
    }
  })

  it('refuses arguments outside the tree', async () => {
    const { read } = counting()
    await expect(proveInclusion(5, 5, read)).rejects.toThrow(RangeError)
    await expect(proveConsistency(0, 5, read)).rejects.toThrow(RangeError)
    await expect(proveConsistency(6, 5, read)).rejects.toThrow(RangeError)
    await expect(treeRoot(-1, read)).rejects.toThrow(RangeError)
  })
})
