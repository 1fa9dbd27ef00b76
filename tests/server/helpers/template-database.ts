import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { freePort, waitForHealth } from './processes'

/**
 * Every test server starts from a copy of one database that the built server itself migrated and seeded
 * with the demo data (SPEC 7), once per run, in the tiers' global setups. Migrating and hashing the demo
 * accounts' passwords cost each server about a second of CPU, and the two server tiers start some 150.
 * A server whose test sets its own database or seeding starts from nothing, as before (helpers/server.ts).
 */
export async function seedTemplate(env: Record<string, string>): Promise<void> {
  const port = await freePort()
  let log = ''
  const child = spawn(process.execPath, [join(process.cwd(), '.output/server/index.mjs')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', NUXT_SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => { log += d })
  child.stderr!.on('data', (d) => { log += d })
  const exited = new Promise(resolve => child.once('exit', resolve))
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, () => log, () => child.exitCode !== null || child.signalCode !== null)
  }
  finally {
    child.kill('SIGTERM')
    await exited
  }
}
