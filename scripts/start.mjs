// `npm start`: build when the sources changed, then serve .output with the demo data seeded on first run.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ENTRY = '.output/server/index.mjs'
const SOURCES = ['app.vue', 'nuxt.config.ts', 'package-lock.json', 'assets', 'components', 'composables', 'layouts', 'middleware', 'pages', 'plugins', 'server', 'shared', 'stores']

function newest(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map(name => newest(join(path, name))))
}

if (!existsSync(ENTRY) || Math.max(...SOURCES.map(newest)) > statSync(ENTRY).mtimeMs) {
  console.log('Building the app (first start, or the sources changed)…')
  const build = spawnSync('npx', ['nuxt', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const port = process.env.PORT ?? '3000'
console.log(`
Support Access is starting on http://localhost:${port}
Demo accounts (password for all: demo-password-1):
  Server admins   admin@example.com (Sam Admin), ops@example.com (Olive Ops)
  Acme            ada@acme.test (Admin), ben@acme.test (Member, Editor), cy@acme.test (Member, Viewer),
                  gia@partner.test (Guest, Editor), gus@partner.test (Guest, Viewer)
  Globex          gil@globex.test (Admin)
`)
const server = spawn(process.execPath, [ENTRY], { stdio: 'inherit', env: { ...process.env, PORT: port } })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', code => process.exit(code ?? 0))
