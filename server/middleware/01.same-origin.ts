const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cookie-authenticated writes must come from our own pages. Bearer-token calls carry no ambient
 * credentials, so they need no Origin.
 */
export default defineEventHandler((event) => {
  if (SAFE_METHODS.has(event.method) || !event.path.startsWith('/api/')) return
  if (/^Bearer\s/i.test(getRequestHeader(event, 'authorization') ?? '')) return
  const origin = getRequestHeader(event, 'origin')
  const fetchSite = getRequestHeader(event, 'sec-fetch-site')
  const sameOrigin = origin ? origin === getRequestURL(event, { xForwardedHost: true }).origin : fetchSite !== 'cross-site' && fetchSite !== 'same-site'
  if (!sameOrigin) throw apiError('CrossOriginRequest', 'Cross-origin requests cannot use the session cookie.')
})
