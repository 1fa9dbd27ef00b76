// A throwaway PostgreSQL server for the tests and the benchmark (issue 13): Debian's `postgresql`
// package, a temporary data directory, a loopback port, stopped and removed by `stop()`.
// initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PG_ROOT = '/usr/lib/postgresql'

/** The newest installed PostgreSQL's bin folder, or null. */
export function postgresBin() {
  if (!existsSync(PG_ROOT)) return null
  const versions = readdirSync(PG_ROOT).filter(v => existsSync(join(PG_ROOT, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions.length ? join(PG_ROOT, versions[0], 'bin') : null
}

/** Installs Debian's postgresql package when it is missing (CI on a fresh machine); needs root. */
export function ensurePostgres() {
  if (postgresBin()) return
  console.log('PostgreSQL is missing: apt-get install -y postgresql')
  spawnSync('apt-get', ['update'], { stdio: 'inherit' })
  const installed = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  if (installed.status !== 0 || !postgresBin()) throw new Error('PostgreSQL could not be installed; install the postgresql package and run again')
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

const asRoot = process.getuid?.() === 0

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function pgTool(bin, tool, args) {
  const command = join(bin, tool)
  return asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe', cwd: tmpdir() })
    : execFileSync(command, args, { stdio: 'pipe', cwd: tmpdir() })
}

/**
 * Starts a server and answers `{ url, stop }`, `url` naming the `postgres` database as the `postgres`
 * superuser (trust on loopback only). Durability is off: it holds test data and lives for one run.
 */
export async function startPostgres() {
  ensurePostgres()
  const bin = postgresBin()
  const dir = mkdtempSync(join(tmpdir(), 'sa-pg-'))
  const data = join(dir, 'data')
  if (asRoot) {
    chmodSync(dir, 0o777)
    execFileSync('chown', ['postgres', dir])
  }
  pgTool(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'])
  const port = await freePort()
  const options = [
    '-c listen_addresses=127.0.0.1', `-c port=${port}`, `-c unix_socket_directories=${dir}`,
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=300',
  ].join(' ')
  pgTool(bin, 'pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      pgTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    }
    catch { /* already down */ }
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stop)
  // The postmaster's pid heads postmaster.pid; the bench keeps it off the app's core.
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, pid, stop }
}
