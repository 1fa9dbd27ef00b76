import { describe, expect, it } from 'vitest'
import { buildNameIndex, candidateRuns, foldText, matchesOf, needleOf } from '../../server/services/workspaces/name-index'

/**
 * The admin search's block filters may only skip blocks that hold no match: every answer must equal a
 * plain substring filter over the folded slugs and names, newest first.
 */
function random(seed: number) {
  let state = seed
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
}

const WORDS = ['Blue', 'Quiet', 'Rapid', 'Works', 'Studio', 'Labs', 'Ölwerk', 'Café', 'Ångström', 'Σοφία', '東京', 'north', 'Prime', '🚀 Launch']

function workspaces(count: number, seed: number) {
  const next = random(seed)
  const pick = () => WORDS[Math.floor(next() * WORDS.length)]!
  return Array.from({ length: count }, (_, i) => {
    const id = count - i // newest first
    const name = `${pick()} ${pick()} ${Math.floor(next() * 5000)}`
    return { id, slug: `${foldText(name).replace(/[^a-z0-9]+/g, '-')}-${id}`, name }
  })
}

function plainFilter(rows: ReturnType<typeof workspaces>, query: string) {
  const needle = needleOf(query)
  return rows.filter(w => foldText(w.slug).includes(needle) || foldText(w.name).includes(needle)).map(w => w.id)
}

describe('the admin search index', () => {
  const rows = workspaces(3000, 7)
  const index = buildNameIndex(1, rows)

  it('finds exactly what a plain substring filter finds, for queries of every length', () => {
    const next = random(11)
    const queries = ['q', 'ö', 'ol', 'werk', 'ölwerk', 'OLWERK', 'cafe', 'Café ', 'angstrom', 'σοφ', '東京', '🚀', 'launch 1', 'works 12', 'blue-quiet', 'rapid labs 4', 'zzz', 'labs-', '-30']
    // Plus slices of real names, across word and number boundaries.
    for (let i = 0; i < 300; i++) {
      const w = rows[Math.floor(next() * rows.length)]!
      const text = next() < 0.5 ? w.name : w.slug
      const from = Math.floor(next() * text.length)
      queries.push(text.slice(from, from + 1 + Math.floor(next() * 9)))
    }
    for (const query of queries) {
      expect(Array.from(matchesOf(index, needleOf(query))), query).toEqual(plainFilter(rows, query))
    }
  }, 30_000) // about 3 s alone, more on a loaded machine: the limit stays well above three times that

  it('scans only the blocks that may hold a match', () => {
    const blocks = (query: string) => candidateRuns(index, needleOf(query)).reduce((n, [first, end]) => n + end - first, 0)
    // 3,000 workspaces are 47 blocks: a short query scans them all, a rare one almost none.
    expect(blocks('ab')).toBe(47)
    expect(blocks('xqzv')).toBeLessThan(3)
    expect(blocks(rows[1234]!.slug)).toBeLessThan(5)
  })

  it('never matches across a slug and its name, or across two workspaces', () => {
    const index = buildNameIndex(1, [{ id: 2, slug: 'abc', name: 'Def' }, { id: 1, slug: 'ghi', name: 'Jkl' }])
    for (const query of ['cd', 'c\u0001d', 'fg', 'f\u0000g', 'abcdef']) expect(Array.from(matchesOf(index, needleOf(query))), query).toEqual([])
    expect(Array.from(matchesOf(index, needleOf('')))).toEqual([2, 1])
  })

  it('answers an empty index', () => {
    const empty = buildNameIndex(1, [])
    expect(Array.from(matchesOf(empty, 'abc'))).toEqual([])
    expect(Array.from(matchesOf(empty, ''))).toEqual([])
  })
})
