import Database from 'better-sqlite3'
import { foldText } from '../../../server/database/connection'

/** Opens the test server's database directly, to set up states HTTP cannot (such as a session already expired). */
export function openTestDb(path: string) {
  const db = new Database(path)
  db.pragma('busy_timeout = 5000')
  // The SQL functions the server registers, so its statements can be explained here too.
  db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldText(text) : null))
  return db
}
