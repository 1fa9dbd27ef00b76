import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received { path: string, headers: IncomingHttpHeaders, body: string, json: any, answered: number | null }
/** What the receiver does with the nth request (from 1): answer with a status, or hang without answering. */
export type Responder = (received: Received, nth: number) => { status: number, delayMs?: number, headers?: Record<string, string>, body?: string } | 'hang'

/** A webhook receiver on loopback, as a small node:http server in the test (SPEC 3.9 tests). */
export async function startReceiver(responder: Responder = () => ({ status: 200 })) {
  const received: Received[] = []
  const hanging = new Set<ServerResponse>()
  let respond = responder
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { body += chunk })
    // The app may be killed mid-request on purpose; a reset body is simply not received.
    req.on('error', () => {})
    req.on('end', () => {
      let json: unknown = null
      try {
        json = JSON.parse(body)
      }
      catch { /* not JSON */ }
      const entry: Received = { path: req.url ?? '', headers: req.headers, body, json, answered: null }
      received.push(entry)
      const answer = respond(entry, received.length)
      if (answer === 'hang') {
        hanging.add(res)
        return
      }
      setTimeout(() => {
        entry.answered = answer.status
        res.writeHead(answer.status, answer.headers).end(answer.body ?? 'ok')
      }, answer.delayMs ?? 0)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    respondWith(next: Responder) {
      respond = next
    },
    async waitFor(predicate: (r: Received) => boolean, timeoutMs = 15_000): Promise<Received> {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = received.find(predicate)
        if (found) return found
        await new Promise(r => setTimeout(r, 25))
      }
      throw new Error(`no matching webhook arrived; got: ${received.map(r => r.json?.type ?? r.body.slice(0, 60)).join(' | ')}`)
    },
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
export type TestReceiver = Awaited<ReturnType<typeof startReceiver>>
