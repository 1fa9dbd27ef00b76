import { describe, expect, it } from 'vitest'
import { FULL_SCOPE, parseScope } from '#shared/support/scope'

/**
 * A session's scope as stored (JSON text): every request under a session reads it, so a process keeps what
 * it has read, one frozen object per text for every caller. Whatever was read before, a text always reads
 * the same, and nothing one caller does to its scope changes another's.
 */
describe('a stored scope', () => {
  it('reads what it says, sorted and without repeats, and the same object for the same text', () => {
    const stored = '{"access":"write","projects":[3,1,3]}'
    const scope = parseScope(stored)
    expect(scope).toEqual({ access: 'write', projects: [1, 3] })
    expect(parseScope(stored)).toBe(scope)
    expect(parseScope('{"access":"read","projects":"all"}')).toEqual({ access: 'read', projects: 'all' })
  })

  it('is frozen: a caller cannot widen the scope the next request reads', () => {
    const stored = '{"access":"read","projects":[7]}'
    const scope = parseScope(stored)
    expect(() => { (scope as { access: string }).access = 'write' }).toThrow(TypeError)
    expect(() => (scope.projects as number[]).push(8)).toThrow(TypeError)
    expect(parseScope(stored)).toEqual({ access: 'read', projects: [7] })
  })

  it('lends the least when unreadable, every time, and the full scope when there is none (sessions from before scopes)', () => {
    for (const stored of ['not json', '{"access":"admin","projects":"all"}', '{"access":"write","projects":[]}', '{"access":"write","projects":"all","extra":1}']) {
      expect(parseScope(stored)).toEqual({ access: 'read', projects: [] })
      expect(parseScope(stored)).toEqual({ access: 'read', projects: [] })
    }
    expect(parseScope(null)).toBe(FULL_SCOPE)
    expect(parseScope('')).toBe(FULL_SCOPE)
  })

  it('reads a text it has forgotten again the same way (the cache is bounded)', () => {
    const first = parseScope('{"access":"write","projects":[1]}')
    for (let i = 2; i < 1_100; i++) parseScope(`{"access":"write","projects":[${i}]}`)
    expect(parseScope('{"access":"write","projects":[1]}')).toEqual(first)
  })
})
