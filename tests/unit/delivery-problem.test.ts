import { describe, expect, it } from 'vitest'
import { deliveryProblem, deliveryState } from '#shared/webhooks/schemas'

/** The delivery log says what went wrong in words a workspace admin can act on (issue 21). */
describe('deliveryProblem', () => {
  const failed = (lastError: string | null, responseStatus: number | null = null) => ({ status: 'failed', responseStatus, lastError })
  it.each([
    [failed('getaddrinfo ENOTFOUND hooks.example'), 'The host name hooks.example could not be found (DNS): check the URL for typos.'],
    [failed('connect ECONNREFUSED 203.0.113.9:443'), 'The connection was refused: nothing accepts connections at that address and port.'],
    [failed('No answer within 5000 ms'), 'No answer within 5000 ms: the endpoint took too long to answer.'],
    [failed('HTTP 500', 500), 'The endpoint answered 500 (a fault on its side).'],
    [failed('HTTP 404', 404), 'The endpoint answered 404 (it refused the request: check the URL and whether it expects this format).'],
    [failed('HTTP 302', 302), 'The endpoint answered 302 (a redirect, which is never followed: use the final address).'],
    [failed('socket hang up'), 'The endpoint closed the connection before answering.'],
    [failed('self-signed certificate'), 'The endpoint\'s TLS certificate was not accepted (self-signed certificate).'],
  ])('%o → %s', (delivery, words) => {
    expect(deliveryProblem(delivery)).toBe(words)
  })

  it('says nothing about a delivered or untried delivery', () => {
    expect(deliveryProblem({ status: 'delivered', responseStatus: 200, lastError: null })).toBeNull()
    expect(deliveryProblem({ status: 'pending', responseStatus: null, lastError: null })).toBeNull()
  })
})

describe('where a delivery stands, in one word for the list and the log (issue 35)', () => {
  it('says Paused, not Sending or Retrying, while its webhook is disabled', () => {
    expect(deliveryState({ status: 'pending', attempts: 2 }, false)).toBe('Paused')
    expect(deliveryState({ status: 'pending', attempts: 2 }, true)).toBe('Retrying')
    expect(deliveryState({ status: 'pending', attempts: 0 }, true)).toBe('Queued')
    expect(deliveryState({ status: 'delivered', attempts: 1 }, false)).toBe('Delivered')
    expect(deliveryState({ status: 'failed', attempts: 8 }, true)).toBe('Failed')
  })
})
