import { join } from 'node:path'
import Database from 'better-sqlite3'

/**
 * Ages every sign-in of an account past the sudo window (SPEC 3.11), so its next account change asks for
 * the password: the suite's own database, moved back an hour, since no route may make a sign-in older.
 */
export function ageSignIns(email: string) {
  const db = new Database(join(process.env.E2E_DATA_DIR!, 'app.sqlite'))
  try {
    db.prepare('update auth_sessions set reauthenticated_at = ? where user_id = (select user_id from user_emails where email = ?)').run(Date.now() - 3_600_000, email)
  }
  finally {
    db.close()
  }
}
