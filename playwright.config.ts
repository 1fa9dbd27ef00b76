import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3210)
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'support-access-e2e-'))
process.env.E2E_DATA_DIR = dataDir // the workers inherit it, so they see the same database path

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'reports/playwright.json' }]],
  use: {
    // The site as NUXT_PUBLIC_BASE_URL names it: WebAuthn binds passkeys to that host name (never an IP address).
    baseURL: `http://localhost:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: 'node .output/server/index.mjs',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
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
