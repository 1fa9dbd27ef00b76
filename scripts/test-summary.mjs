// Sums the vitest and Playwright JSON reports (plus the lint, type-check and build steps) into the one line CI reads.
import { existsSync, readFileSync } from 'node:fs'

function readJson(path) {
  if (!path || !existsSync(path)) return null
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  }
  catch {
    return null
  }
}

function countVitest(report) {
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) }
}

function countPlaywright(report) {
  const s = report.stats ?? {}
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 }
}

/**
 * @param {{ steps: { ok: boolean }[], runners: { kind: 'vitest' | 'playwright', report: string, ok: boolean }[] }} input
 * A step counts as one check; a runner counts its tests, and one more failure when it failed without a failing test
 * (a crash, an unhandled error, a missing report), so a broken tier can never read as green.
 */
export function summarize({ steps, runners }) {
  const total = { passed: 0, failed: 0, skipped: 0 }
  for (const step of steps) total[step.ok ? 'passed' : 'failed']++
  for (const runner of runners) {
    const report = readJson(runner.report)
    const counts = report ? (runner.kind === 'vitest' ? countVitest(report) : countPlaywright(report)) : { passed: 0, failed: 0, skipped: 0 }
    if (!runner.ok && counts.failed === 0) counts.failed = 1
    total.passed += counts.passed
    total.failed += counts.failed
    total.skipped += counts.skipped
  }
  return total
}

/**
 * The closing line CI reads: exactly `N passed, N failed` (skipped tests are reported on the line before it).
 * @param {{ passed: number, failed: number, skipped?: number }} total
 */
export function summaryLine({ passed, failed }) {
  return `${passed} passed, ${failed} failed`
}
