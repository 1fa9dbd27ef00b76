// Browser tests use Debian's Chromium (Playwright's own download needs network we do not have).
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Debian's Chromium: the browser, and the same build's headless shell (package chromium-headless-shell). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium'
export const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell'

/**
 * The browser the tests launch: CHROMIUM_PATH when set; else Debian's headless shell when it is installed,
 * else Debian's Chromium. The shell is what Playwright itself runs headless: Chromium's "new" headless mode
 * runs the whole desktop browser, its window's compositor and tab strip drawn for no one, and costs about a
 * third more CPU a page load here (370 against 240 ms, measured over 20 loads of the app's pages).
 */
export function chromiumPath({ headed = false } = {}) {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  // A window to watch (the demo's --headed) needs the browser itself.
  return !headed && existsSync(DEBIAN_HEADLESS_SHELL) ? DEBIAN_HEADLESS_SHELL : DEBIAN_CHROMIUM
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

function aptInstall(pkg) {
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`, { stdio: 'inherit' })
}

/**
 * Makes sure a browser is there before the browser tests start. As root it installs the headless shell when
 * missing; should that fail, the tests run on Debian's Chromium instead, installed the same way if needed.
 */
export function ensureChromium({ headed = false } = {}) {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH
    console.error(`CHROMIUM_PATH names ${process.env.CHROMIUM_PATH}, which does not exist.`)
    process.exit(1)
  }
  if (!headed && !existsSync(DEBIAN_HEADLESS_SHELL) && isRoot()) {
    try {
      console.log('Installing Debian chromium-headless-shell for the browser tests…')
      aptInstall('chromium-headless-shell')
    }
    catch {
      console.log('chromium-headless-shell could not be installed: the browser tests run on Debian\'s Chromium.')
    }
  }
  const path = chromiumPath({ headed })
  if (existsSync(path)) return path
  if (!isRoot()) {
    console.error(headed
      ? `Chromium was not found at ${DEBIAN_CHROMIUM}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium`
      : `Chromium was not found at ${DEBIAN_HEADLESS_SHELL} or ${DEBIAN_CHROMIUM}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium-headless-shell`)
    process.exit(1)
  }
  console.log('Installing Debian chromium for the browser tests…')
  aptInstall('chromium')
  return chromiumPath({ headed })
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium()
