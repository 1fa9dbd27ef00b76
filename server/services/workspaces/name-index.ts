/**
 * The admin workspace search's index (Server Settings → Workspaces): every workspace's folded slug and
 * name, newest first, in one string, searched with the engine's native substring search.
 *
 * A query never asked before would scan the whole string (about 4 MB at 100,000 workspaces, 2–3 ms).
 * So the records are grouped in blocks of 64, and each block keeps a 4,096-bit filter of the trigrams
 * its records hold: a query of three or more letters scans only the blocks whose filter holds every one
 * of its trigrams, a few dozen of the 1,563 blocks for a typical query. The filter can only let a block
 * through that has no match (the scan then finds none), never hide one that has.
 */

/** Lower case without diacritics ("Ölwerk" → "olwerk"). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

const RECORD_END = '\u0000'
const FIELD_END = '\u0001'
const BLOCK_RECORDS = 64
const FILTER_BITS = 4096
const FILTER_WORDS = FILTER_BITS / 32
const RECENT_QUERIES = 200

export interface NameIndex {
  version: number
  /** Every workspace as `slug \u0001 name \u0000`, newest first. */
  text: string
  /** Where record i begins in `text`. */
  starts: Int32Array
  ids: Int32Array
  /** The trigram filter of each block of records, FILTER_WORDS words per block. */
  filters: Uint32Array
  /** The matches of recent queries, until the next change. */
  recent: Map<string, Int32Array>
}

/** A trigram's bit in a block's filter. */
function trigramBit(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9E3779B1) ^ Math.imul(b, 0x85EBCA77) ^ Math.imul(c, 0xC2B2AE3D)) >>> 20
}

/** Builds the index of `rows`, which come newest first. */
export function buildNameIndex(version: number, rows: { id: number, slug: string, name: string }[]): NameIndex {
  const starts = new Int32Array(rows.length)
  const ids = new Int32Array(rows.length)
  const records: string[] = []
  let at = 0
  rows.forEach((w, i) => {
    const record = `${foldText(w.slug)}${FIELD_END}${foldText(w.name)}${RECORD_END}`
    starts[i] = at
    ids[i] = w.id
    at += record.length
    records.push(record)
  })
  const text = records.join('')
  const blocks = Math.ceil(rows.length / BLOCK_RECORDS)
  const filters = new Uint32Array(blocks * FILTER_WORDS)
  for (let block = 0; block < blocks; block++) {
    const from = starts[block * BLOCK_RECORDS]!
    const to = blockEnd(starts, text.length, block)
    const base = block * FILTER_WORDS
    for (let i = from; i + 2 < to; i++) {
      const a = text.charCodeAt(i)
      const b = text.charCodeAt(i + 1)
      const c = text.charCodeAt(i + 2)
      if (a <= 1) continue
      // A query holds no separators, so trigrams that span two fields never need finding.
      if (c <= 1) {
        i += 2
        continue
      }
      if (b <= 1) {
        i += 1
        continue
      }
      const bit = trigramBit(a, b, c)
      filters[base + (bit >>> 5)]! |= 1 << (bit & 31)
    }
  }
  return { version, text, starts, ids, filters, recent: new Map() }
}

/** Where the text of block `block` ends. */
function blockEnd(starts: Int32Array, textLength: number, block: number): number {
  const next = (block + 1) * BLOCK_RECORDS
  return next < starts.length ? starts[next]! : textLength
}

/** The query as the index can search it: folded, without the separators (a query holding one would match across records). */
export function needleOf(query: string): string {
  return [...foldText(query)].filter(c => c !== RECORD_END && c !== FIELD_END).join('')
}

/** The blocks whose filter holds every trigram of `needle`, as runs of consecutive blocks [first, end). */
export function candidateRuns(ix: NameIndex, needle: string): [number, number][] {
  const blocks = ix.filters.length / FILTER_WORDS
  if (needle.length < 3) return blocks ? [[0, blocks]] : []
  const bits = new Set<number>()
  for (let i = 0; i + 2 < needle.length; i++) bits.add(trigramBit(needle.charCodeAt(i), needle.charCodeAt(i + 1), needle.charCodeAt(i + 2)))
  const words = [...bits].map(bit => [bit >>> 5, 1 << (bit & 31)] as const)
  const runs: [number, number][] = []
  for (let block = 0; block < blocks; block++) {
    const base = block * FILTER_WORDS
    if (!words.every(([word, mask]) => (ix.filters[base + word]! & mask) !== 0)) continue
    const last = runs.at(-1)
    if (last && last[1] === block) last[1] = block + 1
    else runs.push([block, block + 1])
  }
  return runs
}

/** The ids of every workspace whose slug or name contains `needle` (see needleOf), newest first. */
export function matchesOf(ix: NameIndex, needle: string): Int32Array {
  if (!needle) return ix.ids
  const cached = ix.recent.get(needle)
  if (cached) return cached
  const found: number[] = []
  for (const [firstBlock, endBlock] of candidateRuns(ix, needle)) {
    const firstRecord = firstBlock * BLOCK_RECORDS
    const endRecord = Math.min(endBlock * BLOCK_RECORDS, ix.starts.length)
    const offset = ix.starts[firstRecord]!
    // Searched in a slice of its own, so a miss stops at the end of the run instead of the whole text.
    const text = ix.text.slice(offset, blockEnd(ix.starts, ix.text.length, endBlock - 1))
    let from = firstRecord // the first record of the run not yet matched
    let at = text.indexOf(needle)
    while (at !== -1) {
      let lo = from
      let hi = endRecord - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (ix.starts[mid]! - offset <= at) lo = mid
        else hi = mid - 1
      }
      found.push(ix.ids[lo]!)
      from = lo + 1 // one hit per workspace, even when both its slug and name match
      if (from >= endRecord) break
      at = text.indexOf(needle, ix.starts[from]! - offset)
    }
  }
  const ids = Int32Array.from(found)
  if (ix.recent.size >= RECENT_QUERIES) ix.recent.delete(ix.recent.keys().next().value!)
  ix.recent.set(needle, ids)
  return ids
}
