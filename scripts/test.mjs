// `npm test`: lint, type check, build, then every test tier; ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process'
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

const steps = [
  run('lint', 'npx', ['eslint', '.']),
  run('type check', 'npx', ['nuxt', 'typecheck']),
]
const build = run('build', 'npx', ['nuxt', 'build'])
steps.push(build)

const runners = []
if (build.ok) {
  const vitest = `${REPORTS}/vitest.json`
  runners.push({ kind: 'vitest', report: vitest, ...run('unit and server tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitest}`]) })
  ensureChromium()
  const playwright = `${REPORTS}/playwright.json`
  runners.push({ kind: 'playwright', report: playwright, ...run('end-to-end tests', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwright }) })
}

const total = summarize({ steps, runners })
console.log('')
// Tests of what only one store has (SQLite's file lock and query plans, PostgreSQL's db:copy) are skipped on the other.
if (total.skipped) console.log(`${total.skipped} skipped`)
console.log(summaryLine(total))
process.exit(total.failed > 0 ? 1 : 0)
