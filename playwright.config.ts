import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { CHROMIUM } from './tests/e2e/chromium'
import { databasePath, E2E_WORKERS, serverPort } from './tests/e2e/servers'

// Playwright loads this file in the runner and again in each worker: the workers inherit E2E_DATA_DIR, so
// they see the runner's databases, and a worker's TEST_PARALLEL_INDEX names its own server (tests/e2e/servers.ts).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'support-access-e2e-'))

function server(index: number) {
  const port = serverPort(index)
  return {
    command: 'node .output/server/index.mjs',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000, // the first start migrates and seeds: slow on a loaded machine
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      NUXT_DATABASE_PATH: databasePath(index),
      NUXT_PUBLIC_BASE_URL: `http://localhost:${port}`,
      NUXT_SMTP_URL: '',
      // The webhook tests' receivers listen on loopback.
      NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true',
      NUXT_WEBHOOKS_POLL_MS: '200',
      // The suite asks for more support sessions in an hour than one admin may (20 per workspace): the
      // limits themselves are tested over HTTP in tests/server/rate-limits.test.ts.
      NUXT_RATE_LIMIT_FACTOR: '10',
    },
  }
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // Files run in parallel, one worker per server; the tests of a file run in order, in one worker.
  fullyParallel: false,
  workers: E2E_WORKERS,
  retries: 0,
  // Every test gets at least 3× its run on a loaded machine (issue 35, item 7). Measured in one run of the
  // whole suite on 2 cores at a load average of 10–20: most tests take 5–35 s, so 120 s; the few that
  // took 50 s or more there say test.slow() (360 s) or set their own limit.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'reports/playwright.json' }]],
  use: {
    // This worker's site as its server's NUXT_PUBLIC_BASE_URL names it: WebAuthn binds passkeys to that host name (never an IP address).
    baseURL: `http://localhost:${serverPort()}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: CHROMIUM,
  },
  webServer: Array.from({ length: E2E_WORKERS }, (_, index) => server(index)),
})
