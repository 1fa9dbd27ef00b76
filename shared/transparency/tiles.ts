// Tiled storage of a tree (as Go's sumdb and C2SP tlog-tiles keep theirs): the lowest TILE_HEIGHT levels are
// never stored. Each run of TILE_WIDTH leaves is a tile; its subtrees are recomputed from its leaves when a
// root or proof needs them, and a row is written only when a tile completes (its root, at level TILE_HEIGHT,
// and the perfect subtrees above it that it completes: ./storage.ts, one level up). Fifteen appends in
// sixteen write no tree row, and a root or proof still reads O(log n) stored rows plus at most three tiles.
import { rootOfLeafHashes, type Hash } from './merkle'
import type { NodePosition } from './plan'
import type { HashReader } from './prove'
import { appendReads, rowsForAppend, type StoredNode } from './storage'

/** Levels recomputed from leaves, never stored. */
export const TILE_HEIGHT = 4
/** Leaves in a tile: 2^TILE_HEIGHT. */
export const TILE_WIDTH = 2 ** TILE_HEIGHT

/** Whether appending leaf `index` completes its tile (and so writes rows). */
export function completesTile(index: number): boolean {
  return index % TILE_WIDTH === TILE_WIDTH - 1
}

/** The tile a leaf belongs to. */
export function tileOfLeaf(index: number): number {
  return Math.floor(index / TILE_WIDTH)
}

/** The tile a position below TILE_HEIGHT lies in. */
function tileOf(p: NodePosition): number {
  return Math.floor(p.index / 2 ** (TILE_HEIGHT - p.level))
}

/** The stored positions completing tile `tile` combines with its root, lowest first (its left siblings). */
export function tileAppendReads(tile: number): NodePosition[] {
  return appendReads(tile).map(p => ({ level: p.level + TILE_HEIGHT, index: p.index }))
}

/** The rows completing tile `tile` writes, from its leaf hashes and the hashes of `tileAppendReads(tile)` in order. */
export function rowsForTile(tile: number, leafHashes: readonly Hash[], leftSiblings: readonly Hash[]): StoredNode[] {
  if (leafHashes.length !== TILE_WIDTH) throw new RangeError(`a complete tile has ${TILE_WIDTH} leaves, not ${leafHashes.length}`)
  return rowsForAppend(tile, rootOfLeafHashes(leafHashes), leftSiblings).map(row => ({ ...row, level: row.level + TILE_HEIGHT }))
}

/** The perfect subtree `p` (below TILE_HEIGHT) from the leaf hashes of its tile. */
function subtreeOfTile(p: NodePosition, tileLeaves: readonly Hash[]): Hash {
  const width = 2 ** p.level
  const start = p.index * width - tileOf(p) * TILE_WIDTH
  const leaves = tileLeaves.slice(start, start + width)
  if (leaves.length !== width) throw new Error(`tile ${tileOf(p)} holds ${tileLeaves.length} leaves, too few for node ${p.level}/${p.index}`)
  return rootOfLeafHashes(leaves)
}

/**
 * A HashReader over tiled storage: positions at TILE_HEIGHT and above come from `readStored` (one batch),
 * those below from the leaves of their tiles (`readTiles`: each tile's leaf hashes, as many as it holds).
 */
export function tiledReader(readStored: HashReader, readTiles: (tiles: readonly number[]) => Promise<ReadonlyMap<number, readonly Hash[]>>): HashReader {
  return async (positions) => {
    const stored = positions.filter(p => p.level >= TILE_HEIGHT)
    const tiles = [...new Set(positions.filter(p => p.level < TILE_HEIGHT).map(tileOf))]
    const [storedHashes, leaves] = await Promise.all([
      stored.length === 0 ? [] : readStored(stored),
      tiles.length === 0 ? new Map<number, readonly Hash[]>() : readTiles(tiles),
    ])
    let next = 0
    return positions.map(p => p.level >= TILE_HEIGHT ? storedHashes[next++]! : subtreeOfTile(p, leaves.get(tileOf(p)) ?? []))
  }
}
