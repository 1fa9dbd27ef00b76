import { encodeBase64 } from '#shared/transparency/base64'
import { proveConsistency, proveInclusion, treeRoot } from '#shared/transparency/prove'
import { cosignatureLines } from './cosignatures'
import { signTreeNote } from './notes'
import { currentTree, treeChain, treeReader, treeSize } from './tree'

/**
 * The signed note of the workspace's tree as it stands now, or at an earlier size (SPEC 3.14's checkpoint
 * route), with every witness cosignature of that size and root appended as further signature lines (C2SP
 * signed note). A cosignature is no event of the log (./cosignatures.ts), so on a quiet log the newest note
 * carries its witnesses' cosignatures; `atSize` reads an earlier size's back.
 */
export async function workspaceTreeNote(workspaceId: number, atSize?: number): Promise<string> {
  const chain = treeChain(workspaceId)
  if (atSize !== undefined) await sizeAtLeast(chain, atSize)
  // Stored subtrees never change, so the root of an earlier size reads as it was signed then.
  const { size, root } = atSize === undefined ? await currentTree(chain) : { size: atSize, root: await treeRoot(atSize, treeReader(chain)) }
  return `${await signTreeNote(workspaceId, size, root)}${await cosignatureLines(workspaceId, size, root)}`
}

async function sizeAtLeast(chain: string, needed: number): Promise<void> {
  const size = await treeSize(chain)
  if (needed > size) throw apiError('AuditTreePositionOutOfRange', `The audit log holds ${size} events; ask for a tree of at most that size.`)
}

/** RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves: index < size ≤ the tree's size. */
export async function inclusionProof(workspaceId: number, index: number, size: number) {
  if (index >= size) throw apiError('AuditTreePositionOutOfRange', 'The index must be below the size.')
  const chain = treeChain(workspaceId)
  await sizeAtLeast(chain, size)
  const hashes = await proveInclusion(index, size, treeReader(chain))
  return { index, size, hashes: hashes.map(encodeBase64) }
}

/** RFC 9162 consistency proof between the trees of `from` and `to` leaves: 0 < from ≤ to ≤ the tree's size. */
export async function consistencyProof(workspaceId: number, from: number, to: number) {
  if (from === 0 || from > to) throw apiError('AuditTreePositionOutOfRange', 'Give 0 < from <= to.')
  const chain = treeChain(workspaceId)
  await sizeAtLeast(chain, to)
  const hashes = await proveConsistency(from, to, treeReader(chain))
  return { from, to, hashes: hashes.map(encodeBase64) }
}
