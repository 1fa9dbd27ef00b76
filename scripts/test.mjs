// `npm test`: lint, type check, build, then every test tier; ends with one line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { ensureChromium } from './ensure-chromium.mjs'
import { summarize, summaryLine } from './test-summary.mjs'

const REPORTS = 'reports'
rmSync(REPORTS, { recursive: true, force: true })
mkdirSync(REPORTS, { recursive: true })

function run(name, command, args, env = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = result.status === 0
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return { name, ok }
}

/**
 * Runs a step beside others: its output is kept and printed in one piece when it ends, so steps that run
 * at the same time do not interleave their lines.
 */
function runBeside(name, command, args) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', chunk => output.push(chunk))
    child.stderr.on('data', chunk => output.push(chunk))
    child.on('close', (code) => {
      const ok = code === 0
      console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
      process.stdout.write(Buffer.concat(output))
      console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      resolve({ name, ok })
    })
  })
}

// Lint reads the sources only, so it runs beside the type check; the build writes .nuxt/ as the type
// check does, so it comes after.
const steps = await Promise.all([
  runBeside('lint', 'npx', ['eslint', '.']),
  runBeside('type check', 'npx', ['nuxt', 'typecheck']),
])
const build = run('build', 'npx', ['nuxt', 'build'])
steps.push(build)

const runners = []
if (build.ok) {
  const vitest = `${REPORTS}/vitest.json`
  runners.push({ kind: 'vitest', report: vitest, ...run('unit and server tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitest}`]) })
  ensureChromium()
  const playwright = `${REPORTS}/playwright.json`
  runners.push({ kind: 'playwright', report: playwright, ...run('end-to-end tests', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwright }) })
  // The demo (npm run demo) plays unpaced as a test, so the story the README shows never rots.
  const demo = `${REPORTS}/demo.json`
  runners.push({ kind: 'playwright', report: demo, ...run('demo', 'node', ['scripts/demo/run.mjs', '--no-video', '--out', `${REPORTS}/demo`], { PLAYWRIGHT_JSON_OUTPUT_NAME: demo }) })
}

const total = summarize({ steps, runners })
console.log('')
// Tests of what only one store has (SQLite's file lock and query plans, PostgreSQL's db:copy) are skipped on the other.
if (total.skipped) console.log(`${total.skipped} skipped`)
console.log(summaryLine(total))
process.exit(total.failed > 0 ? 1 : 0)
