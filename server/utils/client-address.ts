import type { H3Event } from 'h3'
import ipaddr from 'ipaddr.js'

/**
 * The address a request comes from, for every limit keyed on one (SPEC 3.11): the socket's peer, or,
 * when that peer is a proxy the operator named in `NUXT_TRUSTED_PROXIES` (comma-separated CIDRs, none by
 * default), the address that proxy saw, read from `X-Forwarded-For`. A header anyone can send is never
 * believed on its own: without the trust list, a guesser would pick a fresh "address" for every try.
 */
type Address = ipaddr.IPv4 | ipaddr.IPv6
type Range = [Address, number]

function parsed(raw: string): Address | null {
  const bare = raw.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  if (!ipaddr.isValid(bare)) return null
  const ip = ipaddr.parse(bare)
  // An IPv4 peer on a dual-stack socket arrives as ::ffff:a.b.c.d: one client, one address.
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip
}

function parsedRange(entry: string): Range | null {
  try {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry)
    const ip = parsed(entry)
    return ip ? [ip, ip.kind() === 'ipv4' ? 32 : 128] : null
  }
  catch {
    return null
  }
}

let trustList: { raw: string, ranges: Range[] } | undefined

function trustedRanges(): Range[] {
  const raw = String(useRuntimeConfig().trustedProxies ?? '')
  if (trustList?.raw === raw) return trustList.ranges
  const entries = raw.split(',').map(s => s.trim()).filter(Boolean)
  const ranges = entries.map(parsedRange)
  // A malformed entry trusts nothing rather than guessing what was meant.
  entries.forEach((entry, i) => ranges[i] || console.warn(`[client-address] NUXT_TRUSTED_PROXIES: "${entry}" is not a CIDR or address; ignored`))
  trustList = { raw, ranges: ranges.filter((r): r is Range => r !== null) }
  return trustList.ranges
}

const isTrusted = (ip: Address) => trustedRanges().some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))

export function clientAddress(event: H3Event): string {
  const peer = parsed(event.node.req.socket?.remoteAddress ?? '')
  if (!peer) return 'unknown'
  if (!isTrusted(peer)) return peer.toString()
  // Each trusted hop vouches for the one before it: walk back from the nearest to the first address
  // no trusted proxy added (the client). Anything unreadable ends the walk at what was vouched for.
  const hops = (getRequestHeader(event, 'x-forwarded-for') ?? '').split(',').reverse()
  let client = peer
  for (const hop of hops) {
    const ip = parsed(hop)
    if (!ip) break
    client = ip
    if (!isTrusted(ip)) break
  }
  return client.toString()
}
