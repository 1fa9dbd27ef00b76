import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * Where a webhook may point (SPEC 3.9): never at this machine or a private network, unless the server
 * says so (`NUXT_WEBHOOKS_ALLOW_PRIVATE=true`, for tests and on-premise receivers). Checked when an
 * endpoint is saved, and again at every connection, so a name that later resolves inward is refused too.
 */
const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) blocked.addSubnet(net, prefix, 'ipv6')

export function isPrivateAddress(address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return blocked.check(mapped, 'ipv4')
  const family = isIP(address)
  if (family === 4) return blocked.check(address, 'ipv4')
  if (family === 6) return blocked.check(address, 'ipv6')
  return true // not an address at all: refuse rather than guess
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
  if (refused) throw apiError('WebhookAddressNotAllowed', 'Webhooks cannot point at loopback or private network addresses.')
  if (refused === false) return
  const addresses = await new Promise<LookupAddress[]>(resolve => lookup(host, { all: true }, (error, found) => resolve(error ? [] : found)))
  if (addresses.some(a => isPrivateAddress(a.address))) throw apiError('WebhookAddressNotAllowed', `${host} resolves to a loopback or private network address; webhooks cannot point there.`)
}

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
