// `npm run demo [-- --slow] [-- --headed] [-- --out <folder>] [-- --docs] [-- --no-video]`: plays the seed's story (story.demo.ts) in
// Chromium against a throwaway server on a fresh database, and leaves in one folder (demo-output/ by
// default) its trace, numbered screenshots, the storyboard (index.html) and, where ffmpeg is found, videos.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ensureChromium } from '../ensure-chromium.mjs'

const args = process.argv.slice(2)
const flag = name => args.includes(`--${name}`)
const outIndex = args.indexOf('--out')
const output = resolve(outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : 'demo-output')

if (!existsSync('.output/server/index.mjs')) {
  console.log('No build in .output/: building it first (npx nuxt build, a few minutes)…')
  if (spawnSync('npx', ['nuxt', 'build'], { stdio: 'inherit' }).status !== 0) {
    console.error('The build failed; the demo plays the built server. Fix the build, or run `npx nuxt build` and try again.')
    process.exit(1)
  }
}
ensureChromium({ headed: flag('headed') })

rmSync(output, { recursive: true, force: true })
mkdirSync(output, { recursive: true })
const dataDir = mkdtempSync(join(tmpdir(), 'support-access-demo-'))
const env = { ...process.env, DEMO_OUTPUT: output, DEMO_DATA_DIR: dataDir }
if (flag('slow')) env.DEMO_SLOW = '1'
if (flag('headed')) env.DEMO_HEADED = '1'

/**
 * Playwright records video with its own ffmpeg build, downloaded beside its browsers. This machine uses
 * Debian's Chromium and has no such download; Debian's ffmpeg does the same job, so a folder holding it
 * under Playwright's name stands in. Without either there is no video, and the demo says so.
 */
function ffmpegFor(env) {
  const browsers = env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright')
  const { revision } = JSON.parse(readFileSync('node_modules/playwright-core/browsers.json', 'utf8')).browsers.find(b => b.name === 'ffmpeg')
  const own = join(browsers, `ffmpeg-${revision}`, 'ffmpeg-linux')
  if (existsSync(own)) return own
  const system = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find(existsSync)
  if (!system) return null
  const shim = join(dataDir, 'playwright-browsers')
  mkdirSync(join(shim, `ffmpeg-${revision}`), { recursive: true })
  symlinkSync(system, join(shim, `ffmpeg-${revision}`, 'ffmpeg-linux'))
  env.PLAYWRIGHT_BROWSERS_PATH = shim
  return system
}
// npm test plays it with --no-video: recording and joining videos would only slow the suite down.
const ffmpeg = flag('no-video') ? null : ffmpegFor(env)
if (ffmpeg) env.DEMO_VIDEO = '1'

const played = spawnSync('npx', ['playwright', 'test', '--config', 'playwright.demo.config.ts'], { stdio: 'inherit', env })
rmSync(dataDir, { recursive: true, force: true })

/** Playwright writes the trace under results/<test>/; the folder keeps it at its top. */
function findTrace(dir) {
  if (!existsSync(dir)) return null
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isFile() && entry.name === 'trace.zip') return path
    if (entry.isDirectory()) {
      const found = findTrace(path)
      if (found) return found
    }
  }
  return null
}
const trace = findTrace(join(output, 'results'))
if (trace) cpSync(trace, join(output, 'trace.zip'))

// The two windows side by side in one video, where ffmpeg can join them (Sam's and Ada's stay as they are).
const [sam, ada] = ['sam.webm', 'ada.webm'].map(name => join(output, name))
if (ffmpeg && existsSync(sam) && existsSync(ada)) {
  const joined = spawnSync(ffmpeg, ['-loglevel', 'error', '-y', '-i', sam, '-i', ada, '-filter_complex', '[0:v][1:v]hstack=inputs=2', '-c:v', 'libvpx', '-b:v', '2M', '-deadline', 'realtime', '-cpu-used', '8', join(output, 'demo.webm')], { stdio: 'inherit' })
  if (joined.status !== 0) console.log('Could not join the two videos side by side; sam.webm and ada.webm are there.')
}

// --docs refreshes the README's storyboard pictures (docs/demo/) from a run that played to the end.
const DOCS = ['sam-requests-access', 'ada-approves-shorter', 'sam-red-navbar', 'ben-sees-the-banner', 'ada-reads-the-changes', 'ended-email']
if (flag('docs') && played.status === 0) {
  mkdirSync('docs/demo', { recursive: true })
  for (const file of readdirSync(output).filter(f => DOCS.some(name => f.endsWith(`-${name}.png`)))) cpSync(join(output, file), join('docs/demo', file))
}

const path = p => join(output, p)
console.log(`\nThe demo ${played.status === 0 ? 'played to the end' : 'stopped on a failed step'}. In ${output}:`)
console.log(`  storyboard   ${path('index.html')}`)
if (trace) console.log(`  trace        npx playwright show-trace ${path('trace.zip')}`)
const videos = existsSync(output) ? readdirSync(output).filter(f => f.endsWith('.webm')) : []
console.log(videos.length ? `  video        ${videos.map(path).join(', ')}` : `  video        none${flag('no-video') ? '' : ': install ffmpeg (apt-get install ffmpeg) to record one'}`)
process.exit(played.status ?? 1)
