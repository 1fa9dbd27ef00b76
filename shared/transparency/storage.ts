// How a tree is kept so that every root and proof costs O(log n) reads (the layout of Go's
// golang.org/x/mod/sumdb/tlog, without its tiles). One row per PERFECT subtree:
//
//   (tree, level, index) -> hash    the MTH of leaves [index * 2^level, (index + 1) * 2^level)
//
// Level 0 holds the leaf hashes; a row at level L > 0 is written once, when the leaf that completes its
// subtree is appended, and never changes after (append-only, like the chain). Appending leaf i writes
// 1 + (the number of trailing 1 bits of i) rows, at most 1 + log2(i + 1), about two on average, and reads one
// left sibling per row above level 0. Any tree size is a run of at most log2(n) + 1 of these rows (./plan.ts).
// The server keeps this layout from level 4 up, tiled (./tiles.ts): the levels below are recomputed from the
// leaves of their tile of sixteen, and a tile's rows are these rows one level of tiles up.
import { nodeHash, type Hash } from './merkle'
import type { NodePosition } from './plan'
import type { HashReader } from './prove'

/** One row to store. */
export interface StoredNode extends NodePosition { hash: Hash }

/** The left siblings (already stored) whose hashes appending leaf `leafIndex` combines, lowest level first. */
export function appendReads(leafIndex: number): NodePosition[] {
  const out: NodePosition[] = []
  for (let level = 0, index = leafIndex; index % 2 === 1; level += 1, index = (index - 1) / 2) {
    out.push({ level, index: index - 1 })
  }
  return out
}

/** The rows appending leaf `leafIndex` writes, given the hashes of `appendReads(leafIndex)` in order. */
export function rowsForAppend(leafIndex: number, leafHash: Hash, leftSiblings: readonly Hash[]): StoredNode[] {
  const reads = appendReads(leafIndex)
  if (leftSiblings.length !== reads.length) throw new RangeError(`appending leaf ${leafIndex} combines ${reads.length} stored hashes`)
  const rows: StoredNode[] = [{ level: 0, index: leafIndex, hash: leafHash }]
  let hash = leafHash
  reads.forEach((sibling, i) => {
    hash = nodeHash(leftSiblings[i]!, hash)
    rows.push({ level: sibling.level + 1, index: (sibling.index) / 2, hash })
  })
  return rows
}

/**
 * The rows appending leaves firstIndex, firstIndex + 1, … (one write's events) store, reading in ONE batch only
 * the rows that were stored before this batch (a sibling the batch itself completes is taken from the batch).
 */
export async function rowsForAppends(firstIndex: number, leafHashes: readonly Hash[], read: HashReader): Promise<StoredNode[]> {
  const key = (p: NodePosition) => `${p.level}/${p.index}`
  const storedBefore = (p: NodePosition) => (p.index + 1) * 2 ** p.level <= firstIndex
  const needed = leafHashes.flatMap((_, i) => appendReads(firstIndex + i)).filter(storedBefore)
  const fetched = needed.length === 0 ? [] : await read(needed)
  if (fetched.length !== needed.length) throw new Error(`the hash reader answered ${fetched.length} hashes for ${needed.length} positions`)
  const known = new Map(needed.map((p, i) => [key(p), fetched[i]!]))
  return leafHashes.flatMap((leaf, i) => {
    const siblings = appendReads(firstIndex + i).map(p => known.get(key(p))!)
    const rows = rowsForAppend(firstIndex + i, leaf, siblings)
    for (const row of rows) known.set(key(row), row.hash)
    return rows
  })
}
