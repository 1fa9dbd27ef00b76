import { describe, expect, it } from 'vitest'
import { safeRedirect } from '#shared/safe-redirect'

const ORIGIN = 'http://localhost:3000'

describe('where sign-in sends you (issue 20: no open redirect)', () => {
  it.each([
    ['/.//evil.test', '/evil.test'],
    ['/x/..//evil.test', '/evil.test'],
    ['//evil.test', '/'],
    ['/\\evil.test', '/'],
    ['/\\/evil.test', '/'],
    ['https://evil.test/', '/'],
    ['javascript:alert(1)', '/'],
    ['evil.test', '/'],
    ['', '/'],
    ['/%2F%2Fevil.test', '/%2F%2Fevil.test'],
    ['/\t/evil.test', '/'],
  ])('%s → %s', (value, expected) => {
    const target = safeRedirect(value, ORIGIN)
    expect(target).toBe(expected)
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN)
  })

  it('keeps a path of the app with its query and fragment', () => {
    expect(safeRedirect('/settings/workspaces/acme/support?tab=past#s1', ORIGIN)).toBe('/settings/workspaces/acme/support?tab=past#s1')
  })

  it('answers home for anything that is not a string', () => {
    for (const value of [undefined, null, ['/a', '/b'], 42]) expect(safeRedirect(value, ORIGIN)).toBe('/')
  })
})
