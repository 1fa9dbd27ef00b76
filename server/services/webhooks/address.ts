import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import ipaddr from 'ipaddr.js'

/**
 * Where a webhook may point (SPEC 3.9): only globally routable unicast addresses, as the IANA special-
 * purpose registries define them (the ranges ipaddr.js maintains: private, loopback, link-local,
 * carrier-grade NAT, documentation, benchmarking, multicast, NAT64, 6to4, Teredo, reserved …), and never
 * an address of this machine's own interfaces, unless the server says so (`NUXT_WEBHOOKS_ALLOW_PRIVATE=true`,
 * for tests and on-premise receivers). Checked when an endpoint is saved, and again at every connection,
 * so a name that later resolves inward is refused too.
 */
function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null
  const ip = ipaddr.parse(address)
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip
}

/** This machine's own addresses, as of now (interfaces come and go). */
function ownAddresses(): Set<string> {
  const own = new Set<string>()
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      const ip = parsed(entry.address.replace(/%.*$/, ''))
      if (ip) own.add(ip.toNormalizedString())
    }
  }
  return own
}

export function isPrivateAddress(address: string): boolean {
  const ip = parsed(address)
  if (!ip) return true // not an address at all: refuse rather than guess
  if (ip.range() !== 'unicast') return true
  return ownAddresses().has(ip.toNormalizedString())
}

export const privateAllowed = () => String(useRuntimeConfig().webhooksAllowPrivate) === 'true'

export class AddressNotAllowed extends Error {
  code = 'EADDRNOTALLOWED'
  constructor(host: string) {
    super(`${host} resolves to a loopback or private address`)
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '')

/**
 * What the URL's host says without DNS: an address literal is never looked up, and `localhost` names
 * this machine. true: refused; false: allowed; null: only its addresses can tell.
 */
function refusedWithoutLookup(host: string): boolean | null {
  if (isIP(host)) return isPrivateAddress(host)
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  return null
}

/** Resolves every address of the host; refuses when any is private. An unknown host is let through (it may resolve later). */
export async function assertPublicUrl(raw: string): Promise<void> {
  if (privateAllowed()) return
  const host = hostOf(new URL(raw))
  const refused = refusedWithoutLookup(host)
  if (refused) throw apiError('WebhookAddressNotAllowed', `Webhooks cannot point at loopback or private network addresses. ${PRIVATE_HINT}`)
  if (refused === false) return
  const addresses = await new Promise<LookupAddress[]>(resolve => lookup(host, { all: true }, (error, found) => resolve(error ? [] : found)))
  if (addresses.some(a => isPrivateAddress(a.address))) throw apiError('WebhookAddressNotAllowed', `${host} resolves to a loopback or private network address; webhooks cannot point there. ${PRIVATE_HINT}`)
}

/** Where the rule can be relaxed: by whoever runs the server, for a test setup, never from the app. */
const PRIVATE_HINT = 'To test against a receiver on this machine or your network, whoever runs the server can start it with NUXT_WEBHOOKS_ALLOW_PRIVATE=true.'

/** The DNS lookup each delivery connects through: the same rule, at the moment of connecting. */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: (error: Error | null, address?: string | LookupAddress[], family?: number) => void): void {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error)
    if (!privateAllowed() && addresses.some(a => isPrivateAddress(a.address))) return callback(new AddressNotAllowed(hostname))
    if ((options as LookupAllOptions).all) return callback(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

/** Checked before connecting: the hosts the lookup above never sees or never should. */
export function literalRefused(url: URL): boolean {
  return !privateAllowed() && refusedWithoutLookup(hostOf(url)) === true
}
