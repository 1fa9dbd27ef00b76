// RFC 6962 / RFC 9162 §2.1.1 Merkle tree hashing over SHA-256, the hash of SPEC 3.14's transparency log.
// SHA-256 comes from node:crypto; everything above it (domain bytes, the split) is written from the RFC.
import { Buffer } from 'node:buffer'
import { hash } from 'node:crypto'

/** Every hash in the tree is a SHA-256 digest: 32 bytes. */
export const HASH_SIZE = 32

/** A node or leaf hash: 32 bytes. */
export type Hash = Uint8Array

// One-shot: an audited write hashes a leaf and about one node inside its transaction, and a Hash object
// (created, updated per part, finalised) costs more than the bytes it hashes.
function sha256(...parts: Uint8Array[]): Hash {
  return new Uint8Array(hash('sha256', Buffer.concat(parts), 'buffer'))
}

const LEAF_PREFIX = Uint8Array.of(0x00)
const NODE_PREFIX = Uint8Array.of(0x01)

/** MTH({}) = HASH(): the root of the empty tree. */
export function emptyRoot(): Hash {
  return sha256()
}

/** MTH({d}) = HASH(0x00 || d). The 0x00 byte keeps a leaf from ever passing for an inner node. */
export function leafHash(leaf: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, leaf)
}

/** HASH(0x01 || left || right): an inner node. */
export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right)
}

const CHAIN_HASH = /^[0-9a-f]{64}$/

/**
 * SPEC 3.14: leaf i is the i-th audit event's chain `hash` as its 64-character lowercase hex text, UTF-8.
 * Anything else is a programming error (a chain hash is always that shape), so it throws.
 */
export function auditLeaf(chainHash: string): Uint8Array {
  if (!CHAIN_HASH.test(chainHash)) throw new TypeError('an audit chain hash is 64 lowercase hex digits')
  return new Uint8Array(Buffer.from(chainHash, 'utf8'))
}

/** The leaf hash of an audit event, from its chain hash. */
export function auditLeafHash(chainHash: string): Hash {
  return leafHash(auditLeaf(chainHash))
}

/** The largest power of two k with k < n ≤ 2k (n ≥ 2): RFC 6962's split point. Plain arithmetic, safe past 2^32. */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** Whether n (≥ 1) is an exact power of two. */
export function isPowerOfTwo(n: number): boolean {
  let k = 1
  while (k < n) k *= 2
  return k === n
}

/** MTH(D[n]) over leaf hashes held in memory (RFC 9162 §2.1.1). For exports and tests; the server reads stored subtrees. */
export function rootOfLeafHashes(leafHashes: readonly Hash[]): Hash {
  const hashOf = (lo: number, hi: number): Hash => {
    if (hi - lo === 1) return leafHashes[lo]!
    const k = splitPoint(hi - lo)
    return nodeHash(hashOf(lo, lo + k), hashOf(lo + k, hi))
  }
  return leafHashes.length === 0 ? emptyRoot() : hashOf(0, leafHashes.length)
}

/** Byte equality of two hashes (public values: no need for a constant-time compare). */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
}
