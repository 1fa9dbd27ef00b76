// A tile of an audit chain's tree as the stores read it (./tiles.ts): its events, the hash they chain from,
// and the tile's stored root if it is complete. Before its leaves are used (for a root or proof the server
// signs, or for the row that completes it) the tile must hold together: its events link one to the next from
// the last event of the tile before, and a complete tile's events are the sixteen its stored root was made
// of. Events edited behind the server's back (triggers dropped) are refused, never signed.
import { auditLeafHash, rootOfLeafHashes, sameHash, type Hash } from './merkle'
import { TILE_WIDTH } from './tiles'

export interface TileEvent { id: number, hash: string, prevHash: string }

export interface AuditTile {
  /** The tile's events, oldest first, at most TILE_WIDTH. */
  events: readonly TileEvent[]
  /** The chain hash the first event must follow: the last of the tile before, or the genesis for tile 0. */
  anchor: string
  /** The tile's stored root and the last event it names; null while the tile is still filling. */
  root: Uint8Array | null
  rootEventId: number | null
}

/** Thrown for a tile whose stored parts do not agree: the database was edited outside the server. */
export class AuditTileMismatch extends Error {}

const mismatch = (chain: string, tile: number, why: string) => new AuditTileMismatch(`the audit log of chain ${chain} does not hold together in tile ${tile}: ${why}`)

/** The tile's leaf hashes, once its events are checked to follow one another from its anchor; else throws. */
export function linkedTileLeaves(chain: string, tile: number, read: AuditTile): Hash[] {
  read.events.forEach((e, i) => {
    if (e.prevHash !== (i === 0 ? read.anchor : read.events[i - 1]!.hash)) throw mismatch(chain, tile, `event ${e.id} does not follow the event before it`)
  })
  return read.events.map(e => auditLeafHash(e.hash))
}

/** The tile's leaf hashes for a root or proof, once it is checked to hold together (linked, and its stored root agreeing); else throws. */
export function checkedTileLeaves(chain: string, tile: number, read: AuditTile): Hash[] {
  const leaves = linkedTileLeaves(chain, tile, read)
  if (read.root === null) {
    if (leaves.length >= TILE_WIDTH) throw mismatch(chain, tile, 'it holds a whole tile of events but no stored root')
    return leaves
  }
  if (leaves.length !== TILE_WIDTH || read.events.at(-1)!.id !== read.rootEventId) throw mismatch(chain, tile, 'its events are not the ones its stored root names')
  if (!sameHash(rootOfLeafHashes(leaves), read.root)) throw mismatch(chain, tile, 'its events do not hash to its stored root')
  return leaves
}

/**
 * What tiledReader asks for tiles, over `readTiles` (the store's tiles as stored, in one batch): each tile's
 * leaf hashes once it holds together, the tile before the last one asked for checked too (where the last one
 * starts, and so the tree's size, is what that tile's stored root names). Complete tiles never change, so
 * the reader keeps them; one still filling may grow and is read again each time.
 */
export function checkedTiles(chain: string, readTiles: (tiles: readonly number[]) => Promise<ReadonlyMap<number, AuditTile>>) {
  const complete = new Map<number, readonly Hash[]>()
  return async (wanted: readonly number[]): Promise<Map<number, readonly Hash[]>> => {
    const last = Math.max(...wanted)
    const checked = last > 0 && !wanted.includes(last - 1) ? [...wanted, last - 1] : wanted
    const missing = checked.filter(t => !complete.has(t))
    const read = missing.length === 0 ? new Map<number, AuditTile>() : await readTiles(missing)
    const out = new Map<number, readonly Hash[]>()
    for (const tile of checked) {
      const stored = read.get(tile)
      const leaves = complete.get(tile) ?? (stored ? checkedTileLeaves(chain, tile, stored) : [])
      if (leaves.length === TILE_WIDTH) complete.set(tile, leaves)
      out.set(tile, leaves)
    }
    return out
  }
}
