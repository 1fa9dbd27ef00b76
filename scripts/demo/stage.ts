import { mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { signIn } from '../../tests/e2e/helpers'

/**
 * The demo's stage: one browser window per person, a caption on screen at each step, a numbered
 * screenshot per step, and the storyboard (index.html) that lists them. What a step waits for is the
 * story's business (story.demo.ts); the stage only paces it when a person is watching (DEMO_SLOW).
 */
export const OUTPUT = process.env.DEMO_OUTPUT ?? 'demo-output'
const SLOW = !!process.env.DEMO_SLOW
const VIDEO = !!process.env.DEMO_VIDEO
export const VIEWPORT = { width: 1100, height: 760 }

export type Actor = { page: Page, context: BrowserContext, who: string, file: string }
type Step = { n: number, who: string, caption: string, image: string }
const steps: Step[] = []

/**
 * The caption box, drawn outside the app's root (#__nuxt) so hydration never sees it. It is hidden from
 * assistive technology and lets clicks through: it is the narrator, not part of the page.
 */
function drawCaption({ who, caption }: { who: string, caption: string }) {
  const draw = () => {
    let box = document.getElementById('demo-caption')
    if (!box) {
      box = document.createElement('div')
      box.id = 'demo-caption'
      box.setAttribute('aria-hidden', 'true')
      box.style.cssText = 'position:fixed;left:50%;bottom:18px;transform:translateX(-50%);z-index:2147483647;max-width:min(90vw,760px);'
        + 'padding:10px 16px;border-radius:10px;background:rgba(15,23,42,.92);color:#fff;font:500 15px/1.4 system-ui,sans-serif;'
        + 'box-shadow:0 6px 24px rgba(0,0,0,.3);pointer-events:none;text-align:center'
      document.body.appendChild(box)
    }
    box.textContent = ''
    const name = document.createElement('div')
    name.style.cssText = 'font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:#a5b4fc'
    name.textContent = who
    const text = document.createElement('div')
    text.textContent = caption
    box.append(name, text)
  }
  if (document.body) draw()
  else document.addEventListener('DOMContentLoaded', draw, { once: true })
}

/**
 * Each person's own window (a browser context of their own), opened together so their videos start
 * together and play side by side in step, then signed in one after the other. The caption follows every
 * page a window loads.
 */
export async function enter(browser: Browser, people: { email: string, who: string, left: number }[]): Promise<Actor[]> {
  const actors = await Promise.all(people.map(async ({ who, left }) => {
    const context = await browser.newContext({
      viewport: VIEWPORT,
      recordVideo: VIDEO ? { dir: join(OUTPUT, 'video-parts'), size: VIEWPORT } : undefined,
    })
    const page = await context.newPage()
    await placeWindow(page, left)
    await context.addInitScript(drawCaption, { who, caption: 'Signing in…' })
    return { page, context, who, file: who.split(' ')[0]!.toLowerCase() }
  }))
  for (const [i, actor] of actors.entries()) await signIn(actor.page, people[i]!.email)
  return actors
}

/** Side by side on screen when headed (Chrome DevTools Protocol); headless there is no screen, so nothing to do. */
async function placeWindow(page: Page, left: number) {
  if (!process.env.DEMO_HEADED) return
  const cdp = await page.context().newCDPSession(page)
  const { windowId } = await cdp.send('Browser.getWindowForTarget')
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left, top: 0, width: VIEWPORT.width + 16, height: VIEWPORT.height + 120, windowState: 'normal' } })
  await cdp.detach()
}

/**
 * Shows a step's caption on the person's window (and on every page that window loads next), pauses
 * when paced, and takes the step's numbered screenshot once the story has asserted what it shows.
 */
export async function caption(actor: Actor, text: string) {
  await actor.page.evaluate(drawCaption, { who: actor.who, caption: text })
  await actor.context.addInitScript(drawCaption, { who: actor.who, caption: text })
  if (SLOW) await actor.page.waitForTimeout(1_200)
  return text
}

/** The step's picture, after its caption and its assertions; paced, it stays on screen long enough to read. */
export async function shoot(actor: Actor, text: string, name: string) {
  const n = steps.length + 1
  const image = `${String(n).padStart(2, '0')}-${name}.png`
  await actor.page.evaluate(drawCaption, { who: actor.who, caption: text })
  await actor.page.screenshot({ path: join(OUTPUT, image) })
  steps.push({ n, who: actor.who, caption: text, image })
  if (SLOW) await actor.page.waitForTimeout(2_500)
}

/** Closes a window, keeping its video under the person's name when the machine records one. */
export async function leave(actor: Actor) {
  const video = actor.page.video()
  await actor.context.close()
  if (video) {
    await video.saveAs(join(OUTPUT, `${actor.file}.webm`))
    await video.delete()
    // The recording folder goes once the last window has left (it is still in use until then).
    if (!readdirSync(join(OUTPUT, 'video-parts')).length) rmdirSync(join(OUTPUT, 'video-parts'))
  }
}

const escape = (s: string) => s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** index.html: every step's screenshot with its caption, in order; written even when a step failed. */
export function writeStoryboard(title: string, failed?: string) {
  mkdirSync(OUTPUT, { recursive: true })
  const items = steps.map(s => `<figure><img src="${s.image}" alt="${escape(s.caption)}" loading="lazy"><figcaption><b>${s.n}. ${escape(s.who)}</b> ${escape(s.caption)}</figcaption></figure>`)
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1180px;padding:0 1rem;color:#0f172a}
figure{margin:0 0 2.5rem}img{width:100%;border:1px solid #cbd5e1;border-radius:8px}figcaption{margin-top:.4rem}
.failed{background:#fef2f2;border:1px solid #fecaca;padding:.6rem 1rem;border-radius:8px}</style>
<h1>${escape(title)}</h1>
<p>Played by <code>npm run demo</code> on a fresh database with the demo data. The trace: <code>npx playwright show-trace trace.zip</code>.</p>
${failed ? `<p class="failed">The story stopped here: ${escape(failed)}</p>` : ''}
${items.join('\n')}
</html>
`
  writeFileSync(join(OUTPUT, 'index.html'), html)
}
