import { subscribe } from 'node:diagnostics_channel'
import type { Server } from 'node:http'

/**
 * Keeps idle connections open for 65 s instead of Node's 5 s. A client (or a load balancer, most of which
 * hold idle connections for 60 s) that reuses a connection just as the server closes it gets a reset
 * instead of an answer; with the server waiting longer than they do, they close first. Nitro creates the
 * server after its plugins run, so it is set on the server's first request, from Node's diagnostics channel.
 */
const KEEP_ALIVE_MS = 65_000
const tuned = new WeakSet<Server>()

export default defineNitroPlugin(() => {
  subscribe('http.server.request.start', (message) => {
    const { server } = message as { server?: Server }
    if (!server || tuned.has(server)) return
    tuned.add(server)
    server.keepAliveTimeout = KEEP_ALIVE_MS
    // Headers must be allowed to arrive for longer than a connection may idle.
    server.headersTimeout = Math.max(server.headersTimeout, KEEP_ALIVE_MS + 1000)
  })
})
