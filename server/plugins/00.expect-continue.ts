import { subscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'

/**
 * A client that asks `Expect: 100-continue` before sending a body the API would refuse gets its 413 at
 * once, before it sends a byte (issue 20). Node answers `100 Continue` itself unless the server listens
 * for `checkContinue`; Nitro creates the server after its plugins run, so the listener is added on the
 * server's first request, from the diagnostics channel Node publishes to before it looks at `Expect`.
 */
const watched = new WeakSet<Server>()

function checkContinue(this: Server, req: IncomingMessage, res: ServerResponse) {
  const length = Number(req.headers['content-length'])
  if (req.url?.startsWith('/api/') && length > MAX_BODY_BYTES) {
    const code = 'RequestTooLarge'
    const body = JSON.stringify({ statusCode: 413, statusMessage: code, message: REQUEST_TOO_LARGE_MESSAGE, data: { code } })
    // The body was never sent, so the connection stays usable; whatever a client sends anyway is read
    // and dropped by Node before the next request on it.
    res.writeHead(413, code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
    return
  }
  res.writeContinue()
  this.emit('request', req, res)
}

export default defineNitroPlugin(() => {
  subscribe('http.server.request.start', (message) => {
    const { server } = message as { server?: Server }
    if (!server || watched.has(server)) return
    watched.add(server)
    server.on('checkContinue', checkContinue)
  })
})
