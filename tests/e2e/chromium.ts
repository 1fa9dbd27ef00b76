import type { LaunchOptions } from '@playwright/test'
import { chromiumPath } from '../../scripts/ensure-chromium.mjs'

/**
 * Debian's Chromium (never a downloaded browser: no network but the registries), its headless shell when
 * installed (scripts/ensure-chromium.mjs), quiet and sandbox-free in CI; the suite and the demo launch it alike.
 */
export const CHROMIUM: LaunchOptions = {
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
}
