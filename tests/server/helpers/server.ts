import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { apiClient, type ApiClient, type SignedIn } from './client'
import { freePort, waitForHealth } from './processes'
import { PERSONA_EMAILS, type Persona } from './personas'

export { DEMO_PASSWORD } from '../../../server/database/demo-data'
export { freePort } from './processes'
const ENTRY = join(process.cwd(), '.output/server/index.mjs')

export interface TestServer {
  url: string
  dbPath: string
  /** Set when the tests run on PostgreSQL (`TEST_STORE=postgres`): this server's own database. */
  databaseUrl?: string
  dir: string
  process: ChildProcess
  output: () => string
  stop: () => Promise<void>
  restart: (signal?: NodeJS.Signals) => Promise<void>
}

/** Which store the server tests run on: each server test file runs once on SQLite and once on PostgreSQL. */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

/**
 * A fresh, empty PostgreSQL database on the test run's server (scripts/pg-cluster.mjs, started by the
 * vitest global setup), dropped again by the returned function.
 */
export async function createTestDatabase({ fromTemplate = false } = {}): Promise<{ url: string, drop: () => Promise<void> }> {
  const admin = inject('postgresUrl')
  if (!admin) throw new Error('TEST_STORE=postgres needs the PostgreSQL global setup (see vitest.config.ts)')
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin })
    await client.connect()
    try {
      await client.query(sql)
    }
    finally {
      await client.end()
    }
  }
  const template = fromTemplate ? inject('postgresTemplate') : undefined
  await run(template ? `create database ${name} template ${template}` : `create database ${name}`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) }
}

/** Starts the built server (`.output`) on a free port with a fresh temporary database seeded with the demo data. */
export async function startServer(env: Record<string, string> = {}, { databaseUrl, store = TEST_STORE }: { databaseUrl?: string, store?: 'sqlite' | 'postgres' } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'support-access-'))
  const dbPath = join(dir, 'app.sqlite')
  // On PostgreSQL every server gets its own database, unless it is to share another's (several instances).
  // A server of the default kind starts from the run's migrated and seeded database (helpers/template-database.ts).
  const fromTemplate = !databaseUrl && !('NUXT_DATABASE_PATH' in env) && !('NUXT_SEED_DEMO' in env)
  const database = store === 'postgres' && !databaseUrl ? await createTestDatabase({ fromTemplate }) : null
  const sqliteTemplate = store === 'sqlite' && fromTemplate ? inject('sqliteTemplate') : undefined
  if (sqliteTemplate) copyFileSync(sqliteTemplate, dbPath)
  const pgUrl = databaseUrl ?? database?.url
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  let child!: ChildProcess
  const launch = async () => {
    child = spawn(process.execPath, [ENTRY], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', NUXT_DATABASE_PATH: dbPath, NUXT_DATABASE_URL: pgUrl ?? '', NUXT_PUBLIC_BASE_URL: url, NUXT_SMTP_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d) => { log += d })
    child.stderr!.on('data', (d) => { log += d })
    await waitForHealth(url, () => log, () => child.exitCode !== null || child.signalCode !== null)
  }
  await launch()
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill(signal)
    await exited
  }
  return {
    url, dbPath, dir, databaseUrl: pgUrl,
    get process() { return child },
    output: () => log,
    stop: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
      await database?.drop()
    },
    restart: async (signal = 'SIGTERM') => {
      await stop(signal)
      await launch()
    },
  }
}

/** Another app process on the same database as `first` (its SQLite file, or its PostgreSQL database). */
export function startAnotherInstance(first: TestServer, env: Record<string, string> = {}): Promise<TestServer> {
  return startServer({ ...env, NUXT_DATABASE_PATH: first.dbPath }, { databaseUrl: first.databaseUrl })
}

export interface TestServerOptions<P extends Persona> {
  /** The server's environment; a function when it needs something a hook before this one started (an SMTP receiver). */
  env?: Record<string, string> | (() => Record<string, string>)
  /** Demo accounts signed in once the server is up, as `t.as.<name>`. */
  personas?: readonly P[]
  /** How they are signed in: an API token each (the default), or the session cookie a browser holds. */
  credentials?: 'token' | 'cookie'
  /** False starts nothing: a file whose tests are skipped on this store. */
  enabled?: boolean
}

/**
 * Starts a built server for the enclosing file or describe block, signs in the personas it names, and
 * stops it afterwards. Read `t.server`, `t.api` and `t.as` inside tests and hooks (they exist once
 * beforeAll has run). The one fixture every server test starts its server with.
 */
export function useTestServer<P extends Persona = never>(options: TestServerOptions<P> = {}) {
  const t = {} as { server: TestServer, api: ApiClient, as: Record<P, SignedIn> }
  beforeAll(async () => {
    if (options.enabled === false) return
    t.server = await startServer(typeof options.env === 'function' ? options.env() : options.env)
    t.api = apiClient(t.server.url)
    t.as = await signInAll(t.api, options.personas ?? [], options.credentials ?? 'token')
  })
  afterAll(() => t.server?.stop())
  return t
}

/** Signs each persona in on `api`: by token (the default) or cookie. */
export async function signInAll<P extends Persona>(api: ApiClient, personas: readonly P[], credentials: 'token' | 'cookie' = 'token') {
  const signedIn = await Promise.all(personas.map(async (p) => {
    const cookie = await api.login(PERSONA_EMAILS[p])
    return [p, credentials === 'cookie' ? cookie : await api.token(cookie)] as const
  }))
  return Object.fromEntries(signedIn) as Record<P, SignedIn>
}
