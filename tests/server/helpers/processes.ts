import { createServer } from 'node:net'

// What starting a built server needs, with no test runner in it: the test servers (server.ts) and the
// global setups' template databases (template-database.ts) both start one.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export async function waitForHealth(url: string, log: () => string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    // A server that refuses to start (a key file others can read) says why at once.
    if (exited()) throw new Error(`server exited before it was healthy:\n${log()}`)
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) return
    }
    catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 100))
  }
  throw new Error(`server did not become healthy:\n${log()}`)
}
