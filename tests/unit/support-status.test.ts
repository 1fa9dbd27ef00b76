import { describe, expect, it } from 'vitest'
import { MIN_SUPPORT_EXPIRY_MS, reportedStatus, supportExpiryProblem } from '#shared/support/status'

const now = new Date('2026-06-01T12:00:00Z')
const at = (ms: number) => new Date(now.getTime() + ms)

describe('reported status', () => {
  it.each([
    ['pending, no expiry', 'pending', null, 'pending'],
    ['active, no expiry', 'active', null, 'active'],
    ['active, expires in 1 ms', 'active', at(1), 'active'],
    ['active, expires exactly now', 'active', at(0), 'expired'],
    ['active, expired 1 ms ago', 'active', at(-1), 'expired'],
    ['pending, past expiry', 'pending', at(-1000), 'expired'],
    ['revoked, past expiry', 'revoked', at(-1000), 'revoked'],
    ['revoked, future expiry', 'revoked', at(1000), 'revoked'],
  ] as const)('%s', (_name, status, expiresAt, expected) => {
    expect(reportedStatus({ status, expiresAt }, now)).toBe(expected)
  })
})

describe('expiry bounds', () => {
  it('accepts no expiry and exactly 10 minutes ahead', () => {
    expect(supportExpiryProblem(null, now)).toBeNull()
    expect(supportExpiryProblem(at(MIN_SUPPORT_EXPIRY_MS), now)).toBeNull()
  })
  it('refuses less than 10 minutes ahead, and the past', () => {
    expect(supportExpiryProblem(at(MIN_SUPPORT_EXPIRY_MS - 1), now)).toBe('tooSoon')
    expect(supportExpiryProblem(at(-60_000), now)).toBe('tooSoon')
  })
  it('refuses more than 365 days ahead', () => {
    expect(supportExpiryProblem(at(366 * 24 * 3600 * 1000), now)).toBe('tooLate')
  })
})
