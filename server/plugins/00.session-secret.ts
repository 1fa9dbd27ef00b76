import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { databaseSharedByInstances } from '../database'

/**
 * Without NUXT_SESSION_PASSWORD, generate one once and keep it beside the database,
 * so cookies survive restarts and no deployment runs with a guessable secret.
 */
export default defineNitroPlugin(() => {
  if ((process.env.NUXT_SESSION_PASSWORD ?? '').length >= 32) return
  if (databaseSharedByInstances()) {
    // Several instances each generating their own would not read each other's cookies.
    console.warn('[session] NUXT_SESSION_PASSWORD is not set: generating one beside NUXT_DATABASE_PATH. With several instances on PostgreSQL, set it to the same value on each.')
  }
  const file = join(dirname(useRuntimeConfig().databasePath), '.session-secret')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' })
  }
  process.env.NUXT_SESSION_PASSWORD = readFileSync(file, 'utf8').trim()
})
