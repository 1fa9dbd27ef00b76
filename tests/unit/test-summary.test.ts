import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { summarize, summaryLine } from '../../scripts/test-summary.mjs'

const dir = mkdtempSync(join(tmpdir(), 'summary-'))
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('the CI summary line', () => {
  it('adds steps, vitest and Playwright counts', () => {
    const vitest = file('v.json', { numPassedTests: 10, numFailedTests: 1, numPendingTests: 2, numTodoTests: 0 })
    const playwright = file('p.json', { stats: { expected: 5, unexpected: 0, flaky: 1, skipped: 1 } })
    const total = summarize({ steps: [{ ok: true }, { ok: false }], runners: [{ kind: 'vitest', report: vitest, ok: false }, { kind: 'playwright', report: playwright, ok: true }] })
    expect(total).toEqual({ passed: 17, failed: 2, skipped: 3 })
    expect(summaryLine(total)).toBe('17 passed, 2 failed')
  })

  it('never reads a crashed runner as green', () => {
    const empty = file('empty.json', { numPassedTests: 0, numFailedTests: 0 })
    expect(summarize({ steps: [], runners: [{ kind: 'vitest', report: empty, ok: false }] }).failed).toBe(1)
    expect(summarize({ steps: [], runners: [{ kind: 'playwright', report: join(dir, 'missing.json'), ok: false }] }).failed).toBe(1)
    expect(summarize({ steps: [], runners: [{ kind: 'vitest', report: file('bad.json', '{oops'), ok: false }] }).failed).toBe(1)
  })

  it('closes with exactly "N passed, N failed", skipped or not', () => {
    expect(summaryLine({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed')
    expect(summaryLine({ passed: 3, failed: 1, skipped: 4 })).toBe('3 passed, 1 failed')
  })
})
