/**
 * Where to send someone after sign-in (issue 20): a path on this app, never another site. The value is
 * parsed with `URL` against the app's own origin and kept only when the origin is still the app's; the
 * path that comes out never starts with two slashes, which a browser would read as another host
 * (`/.//evil.test` and `/x/..//evil.test` both normalise to `//evil.test`). Anything else goes home.
 */
export function safeRedirect(value: unknown, origin: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/'
  let url: URL
  try {
    url = new URL(value, origin)
  }
  catch {
    return '/'
  }
  if (url.origin !== new URL(origin).origin) return '/'
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`
}
