// The transparency log's pure building blocks (SPEC 3.14): Merkle hashing, O(log n) proofs over stored
// perfect subtrees, RFC 9162 verification, C2SP signed notes, checkpoints and cosignatures.
export * from './base64'
export * from './merkle'
export * from './plan'
export * from './prove'
export * from './storage'
export * from './verify'
export * from './keys'
export * from './note'
export * from './checkpoint'
export * from './cosignature'
export * from './verifiers'
