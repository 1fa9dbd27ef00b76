import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'

/**
 * Every test server starts from a copy of one database that the built server itself migrated and seeded
 * with the demo data (SPEC 7), once per run, in the tiers' global setups. Migrating and hashing the demo
 * accounts' passwords cost each server about a second of CPU, and the two server tiers start some 150.
 * A server whose test sets its own database or seeding starts from nothing, as before (helpers/server.ts).
 */
export async function seedTemplate(env: Record<string, string>): Promise<void> {
  const port = await new Promise<number>((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
  let log = ''
  const child = spawn(process.execPath, [join(process.cwd(), '.output/server/index.mjs')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', NUXT_SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => { log += d })
  child.stderr!.on('data', (d) => { log += d })
  const exited = new Promise(resolve => child.once('exit', resolve))
  try {
    const deadline = Date.now() + 120_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the template's server exited:\n${log}`)
      if (Date.now() > deadline) throw new Error(`the template's server did not become healthy:\n${log}`)
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(res => res.ok, () => false)
      if (healthy) break
      await new Promise(r => setTimeout(r, 100))
    }
  }
  finally {
    child.kill('SIGTERM')
    await exited
  }
}
