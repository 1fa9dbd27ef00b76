// `npm run bench`: starts the built server on a large database and measures, in one run, authorization cost as
// ratios against baselines measured alongside. Loopback only, bounded in time. Writes bench/results.json.
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { seedLarge } from './seed-large.mjs'

const { values } = parseArgs({ options: {
  workspaces: { type: 'string', default: '10000' },
  users: { type: 'string', default: '100000' },
  seconds: { type: 'string', default: '6' },
  reseed: { type: 'boolean', default: false },
} })
const SECONDS = Number(values.seconds)
const SOURCE_DB = 'bench/large.sqlite'
const RUN_DB = 'bench/run.sqlite'
const PORT = 3390

if (!existsSync('.output/server/index.mjs')) spawnSync('npx', ['nuxt', 'build'], { stdio: 'inherit' })
if (values.reseed || !existsSync(SOURCE_DB)) seedLarge(SOURCE_DB, Number(values.workspaces), Number(values.users))
for (const suffix of ['', '-wal', '-shm']) if (existsSync(SOURCE_DB + suffix)) copyFileSync(SOURCE_DB + suffix, RUN_DB + suffix)

/** Personas with API tokens, and an active support session for the server admin in workspace 1. */
function preparePersonas() {
  const db = new Database(RUN_DB)
  const token = (userId) => {
    const value = `sat_bench_${randomBytes(16).toString('hex')}`
    db.prepare(`insert into api_tokens (user_id, name, token_hash, created_at) values (?, 'bench', ?, ?)`).run(userId, createHash('sha256').update(value).digest('hex'), Date.now())
    return value
  }
  const project = db.prepare(`select id, workspace_id as workspaceId from projects where visibility = 'workspace' and workspace_id = 1 order by id limit 1`).get()
  const owner = db.prepare(`select user_id as id from project_roles where project_id = ? and role = 'owner' limit 1`).get(project.id)
  const member = db.prepare(`select user_id as id from workspace_members where workspace_id = 1 and role = 'member' limit 1`).get()
  const admin = db.prepare(`select id from users where server_role = 'admin' order by id limit 1`).get()
  db.prepare(`insert into support_sessions (workspace_id, requested_by, reason, status, created_at, approved_by, approved_at) values (1, ?, 'bench', 'active', ?, ?, ?)`).run(admin.id, Date.now(), owner.id, Date.now())
  const result = { projectId: project.id, member: token(member.id), owner: token(owner.id), admin: token(admin.id) }
  db.close()
  return result
}

async function startServer() {
  const started = performance.now()
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', NODE_ENV: 'production', NUXT_DATABASE_PATH: RUN_DB, NUXT_BENCH_ROUTES: 'true', NUXT_SEED_DEMO: 'false', NUXT_SMTP_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) break
    }
    catch { /* starting */ }
    await new Promise(r => setTimeout(r, 20))
  }
  return { child, coldStartMs: performance.now() - started }
}

function load(path, { token, method = 'GET', body, requests } = {}) {
  return new Promise((resolve, reject) => {
    autocannon({
      url: `http://127.0.0.1:${PORT}${path}`,
      connections: 8,
      duration: SECONDS,
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      requests,
    }, (error, result) => {
      if (error) return reject(error)
      if (result.non2xx > 0) return reject(new Error(`${path}: ${result.non2xx} non-2xx answers`))
      resolve(result)
    })
  })
}

/** A then B, three times, so drift on a shared machine hits both sides alike. */
async function pairedRatio(a, b) {
  const rps = { a: [], b: [] }
  for (let round = 0; round < 3; round++) {
    rps.a.push((await a()).requests.average)
    rps.b.push((await b()).requests.average)
  }
  const mean = xs => xs.reduce((s, x) => s + x, 0) / xs.length
  return { a: mean(rps.a), b: mean(rps.b), ratio: mean(rps.b) / mean(rps.a) }
}

function chunkSizes() {
  const dir = '.output/public/_nuxt'
  const files = readdirSync(dir).filter(f => f.endsWith('.js')).map(f => ({ file: f, gzip: gzipSync(readFileSync(join(dir, f))).length }))
  files.sort((x, y) => y.gzip - x.gzip)
  return { largest: files[0], totalGzip: files.reduce((s, f) => s + f.gzip, 0), count: files.length }
}

const personas = preparePersonas()
const { child, coldStartMs } = await startServer()
try {
  const project = `/api/projects/${personas.projectId}`
  await load(project, { token: personas.member }) // warm up
  const read = await pairedRatio(() => load(`/api/_bench/projects/${personas.projectId}`), () => load(project, { token: personas.member }))
  const comment = { text: 'bench comment' }
  const write = await pairedRatio(() => load(`${project}/comments`, { token: personas.owner, method: 'POST', body: comment }), () => load(`${project}/comments`, { token: personas.admin, method: 'POST', body: comment }))
  const queries = ['blue', 'quiet-works', 'Rapid Labs', 'green', 'prime studio', 'x-none', 'north']
  const search = await load('/api/admin/workspaces', {
    token: personas.admin,
    requests: queries.map((q, i) => ({ method: 'GET', path: `/api/admin/workspaces?q=${encodeURIComponent(q)}&page=${(i % 3) + 1}&pageSize=20` })),
  })
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0)
  const chunks = chunkSizes()
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    data: { workspaces: Number(values.workspaces), users: Number(values.users) },
    authorizedRead: { baselineRps: Math.round(read.a), authorizedRps: Math.round(read.b), ratio: Number(read.ratio.toFixed(3)), target: '>= 0.70' },
    supportWrite: { ownerRps: Math.round(write.a), supportRps: Math.round(write.b), ratio: Number(write.ratio.toFixed(3)), target: '>= 0.90' },
    adminSearch: { p50Ms: search.latency.p50, p99Ms: search.latency.p99, rps: Math.round(search.requests.average), target: 'p99 <= 25 ms' },
    coldStartMs: Math.round(coldStartMs),
    rssMiB: Math.round(rssKb / 1024),
    largestChunkGzipKiB: Number((chunks.largest.gzip / 1024).toFixed(1)),
    allChunksGzipKiB: Number((chunks.totalGzip / 1024).toFixed(1)),
  }
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n')
  console.table({
    'authorized read / baseline': { value: results.authorizedRead.ratio, detail: `${results.authorizedRead.authorizedRps} vs ${results.authorizedRead.baselineRps} req/s`, target: '≥ 0.70' },
    'support write / owner write': { value: results.supportWrite.ratio, detail: `${results.supportWrite.supportRps} vs ${results.supportWrite.ownerRps} req/s`, target: '≥ 0.90' },
    'admin search p50 (ms)': { value: results.adminSearch.p50Ms, detail: `${results.adminSearch.rps} req/s`, target: '' },
    'admin search p99 (ms)': { value: results.adminSearch.p99Ms, detail: '10,000 workspaces', target: '≤ 25' },
    'cold start (ms)': { value: results.coldStartMs, detail: 'spawn → /api/health', target: '' },
    'RSS after run (MiB)': { value: results.rssMiB, detail: '', target: '' },
    'largest JS chunk (KiB gzip)': { value: results.largestChunkGzipKiB, detail: `${chunks.count} chunks, ${results.allChunksGzipKiB} KiB total`, target: '≤ 150' },
  })
}
finally {
  child.kill()
}
