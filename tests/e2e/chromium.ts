import type { LaunchOptions } from '@playwright/test'

/** Debian's Chromium (never a downloaded browser: no network but the registries), quiet and sandbox-free in CI; the suite and the demo launch it alike. */
export const CHROMIUM: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
}
