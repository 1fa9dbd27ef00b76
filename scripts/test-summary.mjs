// Sums the vitest and Playwright JSON reports (plus the lint and type-check steps) into the one line CI reads.
import { existsSync, readFileSync } from 'node:fs'

function readJson(path) {
  if (!existsSync(path)) return null
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  }
  catch {
    return null
  }
}

/** @returns {{ passed: number, failed: number, skipped: number }} */
export function summarize({ vitest, playwright, steps }) {
  const total = { passed: 0, failed: 0, skipped: 0 }
  for (const step of steps) total[step.ok ? 'passed' : 'failed']++
  const v = readJson(vitest)
  if (v) {
    total.passed += v.numPassedTests ?? 0
    total.failed += (v.numFailedTests ?? 0) + (v.numTotalTestSuites && v.success === false && !v.numFailedTests ? 1 : 0)
    total.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  }
  else if (vitest) total.failed++
  const p = readJson(playwright)
  if (p?.stats) {
    total.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0)
    total.failed += p.stats.unexpected ?? 0
    total.skipped += p.stats.skipped ?? 0
    if (p.errors?.length && !p.stats.unexpected) total.failed += p.errors.length
  }
  else if (playwright) total.failed++
  return total
}

export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '')
}
