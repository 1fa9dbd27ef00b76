import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { CHROMIUM } from './tests/e2e/chromium'

const PORT = Number(process.env.E2E_PORT ?? 3210)
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'support-access-e2e-'))
process.env.E2E_DATA_DIR = dataDir // the workers inherit it, so they see the same database path

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Every test gets at least 3× its run on a loaded machine (issue 35, item 7). Measured in one run of the
  // whole suite on 2 cores at a load average of 10–20: most tests take 5–35 s, so 120 s; the few that
  // took 50 s or more there say test.slow() (360 s) or set their own limit.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'reports/playwright.json' }]],
  use: {
    // The site as NUXT_PUBLIC_BASE_URL names it: WebAuthn binds passkeys to that host name (never an IP address).
    baseURL: `http://localhost:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: CHROMIUM,
  },
  webServer: {
    command: 'node .output/server/index.mjs',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000, // the first start migrates and seeds: slow on a loaded machine
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      NUXT_DATABASE_PATH: join(dataDir, 'app.sqlite'),
      NUXT_PUBLIC_BASE_URL: `http://localhost:${PORT}`,
      NUXT_SMTP_URL: '',
      // The webhook tests' receivers listen on loopback.
      NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true',
      NUXT_WEBHOOKS_POLL_MS: '200',
      // The suite asks for more support sessions in an hour than one admin may (20 per workspace): the
      // limits themselves are tested over HTTP in tests/server/rate-limits.test.ts.
      NUXT_RATE_LIMIT_FACTOR: '10',
    },
  },
})
