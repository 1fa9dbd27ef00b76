// `npm run db:backup -- <file>`: a consistent online copy of the database through SQLite's backup API,
// safe while the server is running and writing. Reads NUXT_DATABASE_PATH like the server.
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'

const target = process.argv[2]
const source = process.env.NUXT_DATABASE_PATH || './data/app.sqlite'
if (!target) {
  console.error('Usage: npm run db:backup -- <backup-file>')
  process.exit(2)
}
if (!existsSync(source)) {
  console.error(`No database at ${source} (set NUXT_DATABASE_PATH).`)
  process.exit(1)
}
const db = new Database(source, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const started = Date.now()
await db.backup(target)
db.close()
const check = new Database(target, { readonly: true })
const ok = check.pragma('integrity_check', { simple: true })
check.close()
if (ok !== 'ok') {
  console.error(`Backup written to ${target} but its integrity check says: ${ok}`)
  process.exit(1)
}
console.log(`Backed up ${source} to ${target} in ${Date.now() - started} ms (integrity ok).`)
