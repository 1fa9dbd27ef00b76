import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Without NUXT_SESSION_PASSWORD, generate one once and keep it beside the database,
 * so cookies survive restarts and no deployment runs with a guessable secret.
 */
export default defineNitroPlugin(() => {
  if ((process.env.NUXT_SESSION_PASSWORD ?? '').length >= 32) return
  const file = join(dirname(useRuntimeConfig().databasePath), '.session-secret')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' })
  }
  process.env.NUXT_SESSION_PASSWORD = readFileSync(file, 'utf8').trim()
})
