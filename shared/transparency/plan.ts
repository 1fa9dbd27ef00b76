// Which stored hashes a root or a proof needs, worked out before anything is read, so a caller can fetch them
// all in ONE query. A proof element is MTH(D[lo:hi]) of some leaf range; every range the RFC 6962 recursion
// makes starts on a multiple of a power of two at least its length, so it is a short run of perfect subtrees
// (the complete subtrees the storage keeps, ./storage.ts), at most log2(n) + 1 of them.
import { nodeHash, splitPoint, type Hash } from './merkle'

/** The perfect subtree of 2^level leaves starting at leaf index * 2^level (Go's sumdb/tlog coordinates). */
export interface NodePosition { level: number, index: number }

/** The leaves [lo, hi) whose MTH is one element of a root or proof. */
export interface LeafRange { lo: number, hi: number }

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer`)
}

/** [lo, hi) as perfect subtrees, left to right, each as large as its alignment allows. */
export function perfectSubtrees(lo: number, hi: number): NodePosition[] {
  const out: NodePosition[] = []
  while (lo < hi) {
    let size = 1
    let level = 0
    while (size * 2 <= hi - lo && lo % (size * 2) === 0) {
      size *= 2
      level += 1
    }
    out.push({ level, index: lo / size })
    lo += size
  }
  return out
}

/** The root of a tree of `size` leaves: one range (none for the empty tree, whose root is HASH()). */
export function rootPlan(size: number): LeafRange[] {
  assertCount('size', size)
  return size === 0 ? [] : [{ lo: 0, hi: size }]
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) as ranges, in the RFC's order (the leaf's sibling first, the root's child last). */
export function inclusionPlan(index: number, size: number): LeafRange[] {
  assertCount('index', index)
  assertCount('size', size)
  if (index >= size) throw new RangeError('index must be below size')
  const out: LeafRange[] = []
  const path = (m: number, lo: number, hi: number): void => {
    if (hi - lo === 1) return
    const k = splitPoint(hi - lo)
    if (m < lo + k) {
      path(m, lo, lo + k)
      out.push({ lo: lo + k, hi })
    }
    else {
      path(m, lo + k, hi)
      out.push({ lo, hi: lo + k })
    }
  }
  path(index, 0, size)
  return out
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as ranges, 0 < from ≤ to (empty when from = to). */
export function consistencyPlan(from: number, to: number): LeafRange[] {
  assertCount('from', from)
  assertCount('to', to)
  if (from === 0 || from > to) throw new RangeError('from must satisfy 0 < from <= to')
  const out: LeafRange[] = []
  // m counts the old tree's leaves inside [lo, hi); b says whether [lo, hi) is still the old tree's own root.
  const subproof = (m: number, lo: number, hi: number, b: boolean): void => {
    if (m === hi - lo) {
      if (!b) out.push({ lo, hi })
      return
    }
    const k = splitPoint(hi - lo)
    if (m <= k) {
      subproof(m, lo, lo + k, b)
      out.push({ lo: lo + k, hi })
    }
    else {
      subproof(m - k, lo + k, hi, false)
      out.push({ lo, hi: lo + k })
    }
  }
  subproof(from, 0, to, true)
  return out
}

/** Every stored position a plan reads, in order: hand them to one batched SELECT. */
export function planPositions(plan: readonly LeafRange[]): NodePosition[] {
  return plan.flatMap(range => perfectSubtrees(range.lo, range.hi))
}

/** The plan's hashes from the stored hashes of `planPositions(plan)`, in the same order. */
export function assemblePlan(plan: readonly LeafRange[], stored: readonly Hash[]): Hash[] {
  let next = 0
  const out = plan.map((range) => {
    const parts = perfectSubtrees(range.lo, range.hi).map(() => stored[next++])
    if (parts.some(part => part === undefined)) throw new RangeError('fewer stored hashes than the plan reads')
    // MTH of a run of perfect subtrees: each split puts the largest one on the left, so fold from the right.
    return (parts as Hash[]).reduceRight((right, left) => nodeHash(left, right))
  })
  if (next !== stored.length) throw new RangeError('more stored hashes than the plan reads')
  return out
}
