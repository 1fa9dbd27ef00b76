import { DEMO_PASSWORD } from './server'

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Someone signed in: a session cookie or an API token. */
export type SignedIn = { cookie: string } | { token: string }
export type Credentials = SignedIn | null

/** A tiny JSON client: every test call goes over real HTTP to the built server. */
export function apiClient(baseUrl: string) {
  async function call<T = any>(method: string, path: string, opts: { as?: Credentials, body?: unknown, rawBody?: string, headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.as && 'cookie' in opts.as) headers.cookie = opts.as.cookie
    if (opts.as && 'token' in opts.as) headers.authorization = `Bearer ${opts.as.token}`
    let body: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    }
    catch { /* not JSON */ }
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  async function login(email: string, password = DEMO_PASSWORD): Promise<{ cookie: string }> {
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`)
    const cookie = res.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    return { cookie }
  }

  async function token(as: { cookie: string }, name = 'test'): Promise<{ token: string }> {
    const res = await call('POST', '/api/me/tokens', { as, body: { name } })
    if (res.status !== 201) throw new Error(`token failed: ${res.status}`)
    return { token: res.body.token }
  }

  return {
    call,
    login,
    token,
    get: <T = any>(path: string, as?: Credentials) => call<T>('GET', path, { as }),
    post: <T = any>(path: string, body: unknown, as?: Credentials) => call<T>('POST', path, { as, body }),
    patch: <T = any>(path: string, body: unknown, as?: Credentials) => call<T>('PATCH', path, { as, body }),
    del: <T = any>(path: string, as?: Credentials) => call<T>('DELETE', path, { as }),
  }
}
export type ApiClient = ReturnType<typeof apiClient>
