// Proof verification exactly as RFC 9162 writes it (§2.1.3.2 inclusion, §2.1.4.2 consistency), step numbers
// in the comments. fn and sn are shifted with plain arithmetic, never `>>`, so sizes past 2^32 stay exact.
// Every failure names its reason, so `audit:verify` and a witness can say what was wrong.
import { HASH_SIZE, isPowerOfTwo, nodeHash, sameHash, type Hash } from './merkle'

export type ProofFailure =
  | 'malformed hash' // a hash (leaf, root or proof element) is not 32 bytes
  | 'index out of range' // leaf_index >= tree_size, or a size is not a non-negative safe integer
  | 'sizes out of order' // first > second
  | 'empty first tree' // first = 0: nothing to be consistent with
  | 'proof empty' // §2.1.4.2 step 1
  | 'proof too long' // §2.1.3.2 step 4a / §2.1.4.2 step 6a: sn reached 0 with elements left (or first = second with a proof)
  | 'proof too short' // §2.1.3.2 step 5 / §2.1.4.2 step 7: elements ran out before sn reached 0
  | 'root mismatch' // the inclusion path does not lead to root_hash
  | 'first root mismatch' // fr does not equal first_hash
  | 'second root mismatch' // sr does not equal second_hash

export type ProofVerdict = { ok: true } | { ok: false, reason: ProofFailure }

const fail = (reason: ProofFailure): ProofVerdict => ({ ok: false, reason })
const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0
const half = (n: number) => Math.floor(n / 2)
const lsb = (n: number) => n % 2 === 1

/** RFC 9162 §2.1.3.2: does `proof` show the leaf with hash `leafHash` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leafHash: Hash, proof: readonly Hash[], root: Hash): ProofVerdict {
  if ([leafHash, root, ...proof].some(h => h.length !== HASH_SIZE)) return fail('malformed hash')
  // 1. leaf_index >= tree_size fails.
  if (!isCount(index) || !isCount(size) || index >= size) return fail('index out of range')
  // 2. fn = leaf_index, sn = tree_size - 1.
  let fn = index
  let sn = size - 1
  // 3. r = hash.
  let r = leafHash
  // 4. For each p in the inclusion path:
  for (const p of proof) {
    // a. sn = 0: stop and fail.
    if (sn === 0) return fail('proof too long')
    // b. LSB(fn) set, or fn = sn: p is a left sibling.
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r)
      // ii. Unless LSB(fn) is set, shift both until LSB(fn) is set or fn is 0.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn)
          sn = half(sn)
        }
      }
    }
    else {
      r = nodeHash(r, p)
    }
    // c. Shift both once.
    fn = half(fn)
    sn = half(sn)
  }
  // 5. sn must be 0 and r must equal root_hash.
  if (sn !== 0) return fail('proof too short')
  return sameHash(r, root) ? { ok: true } : fail('root mismatch')
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `first` leaves with `firstHash` is a prefix of the tree of
 * `second` leaves with `secondHash`? The RFC's algorithm is for 0 < first < second; first = second is
 * consistent exactly when the proof is empty and the roots agree (as RFC 9162 §2.1.4.1 produces it).
 */
export function verifyConsistency(first: number, second: number, proof: readonly Hash[], firstHash: Hash, secondHash: Hash): ProofVerdict {
  if ([firstHash, secondHash, ...proof].some(h => h.length !== HASH_SIZE)) return fail('malformed hash')
  if (!isCount(first) || !isCount(second)) return fail('index out of range')
  if (first > second) return fail('sizes out of order')
  if (first === 0) return fail('empty first tree')
  if (first === second) {
    if (proof.length > 0) return fail('proof too long')
    return sameHash(firstHash, secondHash) ? { ok: true } : fail('second root mismatch')
  }
  // 1. An empty consistency_path fails.
  if (proof.length === 0) return fail('proof empty')
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : [...proof]
  // 3. fn = first - 1, sn = second - 1.
  let fn = first - 1
  let sn = second - 1
  // 4. If LSB(fn) is set, shift both until LSB(fn) is not set.
  while (lsb(fn)) {
    fn = half(fn)
    sn = half(sn)
  }
  // 5. fr = sr = the first value of the path.
  let fr = path[0]!
  let sr = path[0]!
  // 6. For each subsequent value c:
  for (const c of path.slice(1)) {
    // a. sn = 0: stop and fail.
    if (sn === 0) return fail('proof too long')
    // b. LSB(fn) set, or fn = sn: c is a left sibling in both trees.
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      // iii. Unless LSB(fn) is set, shift both until LSB(fn) is set or fn is 0.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn)
          sn = half(sn)
        }
      }
    }
    else {
      // Otherwise c is a right sibling only the second tree has.
      sr = nodeHash(sr, c)
    }
    // c. Shift both once.
    fn = half(fn)
    sn = half(sn)
  }
  // 7. fr = first_hash, sr = second_hash, and sn = 0.
  if (sn !== 0) return fail('proof too short')
  if (!sameHash(fr, firstHash)) return fail('first root mismatch')
  return sameHash(sr, secondHash) ? { ok: true } : fail('second root mismatch')
}
