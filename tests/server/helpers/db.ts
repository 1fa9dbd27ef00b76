import Database from 'better-sqlite3'

/** Opens the test server's database directly, to set up states HTTP cannot (such as a session already expired). */
export function openTestDb(path: string) {
  const db = new Database(path)
  db.pragma('busy_timeout = 5000')
  return db
}
