// Roots and proofs from stored perfect-subtree hashes (./storage.ts), reading O(log n) of them in one batch.
// The reader may be synchronous or asynchronous, so the same code serves a database, a file or an array.
import { emptyRoot, HASH_SIZE, type Hash } from './merkle'
import { assemblePlan, consistencyPlan, inclusionPlan, planPositions, rootPlan, type LeafRange, type NodePosition } from './plan'

/** Answers the stored hash of each position, in order: one batched read (e.g. one SELECT … WHERE (level, index) IN …). */
export type HashReader = (positions: readonly NodePosition[]) => Promise<readonly Hash[]> | readonly Hash[]

/** A HashReader over a one-at-a-time accessor `hashAt(level, index)`. */
export function readerFromHashAt(hashAt: (level: number, index: number) => Promise<Hash> | Hash): HashReader {
  return positions => Promise.all(positions.map(p => hashAt(p.level, p.index)))
}

/** Reads a plan's positions (if any) and assembles its hashes; a reader that answers wrongly is a storage fault. */
export async function readPlan(plan: readonly LeafRange[], read: HashReader): Promise<Hash[]> {
  const positions = planPositions(plan)
  if (positions.length === 0) return []
  const stored = await read(positions)
  if (stored.length !== positions.length) throw new Error(`the hash reader answered ${stored.length} hashes for ${positions.length} positions`)
  if (stored.some(h => h?.length !== HASH_SIZE)) throw new Error('the hash reader answered a hash that is not 32 bytes')
  return assemblePlan(plan, stored)
}

/** MTH of the first `size` leaves. */
export async function treeRoot(size: number, read: HashReader): Promise<Hash> {
  const [root] = await readPlan(rootPlan(size), read)
  return root ?? emptyRoot()
}

/** The inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree of `size` leaves. Throws RangeError unless index < size. */
export async function proveInclusion(index: number, size: number, read: HashReader): Promise<Hash[]> {
  return readPlan(inclusionPlan(index, size), read)
}

/** The consistency proof (RFC 9162 §2.1.4.1) between trees of `from` and `to` leaves. Throws RangeError unless 0 < from ≤ to. */
export async function proveConsistency(from: number, to: number, read: HashReader): Promise<Hash[]> {
  return readPlan(consistencyPlan(from, to), read)
}
