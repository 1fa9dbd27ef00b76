import Database from 'better-sqlite3'
import { databasePath } from './servers'

/**
 * Ages every sign-in of an account past the sudo window (SPEC 3.11), so its next account change asks for
 * the password: this worker's database (tests/e2e/servers.ts), moved back an hour, since no route may make a sign-in older.
 */
export function ageSignIns(email: string) {
  const db = new Database(databasePath())
  try {
    db.prepare('update auth_sessions set reauthenticated_at = ? where user_id = (select user_id from user_emails where email = ?)').run(Date.now() - 3_600_000, email)
  }
  finally {
    db.close()
  }
}

/**
 * A test that turned on "approving and revoking need a passkey" and failed half-way leaves Acme needing
 * a passkey to change its policy back: this undoes it, and the passkeys the test added, so the tests after
 * it start from the demo's Acme. The test itself turns the rule off in the page; this runs only after.
 */
export function undoPasskeyPolicy(email: string) {
  const db = new Database(databasePath())
  try {
    db.prepare('update workspaces set support_approval_requires_passkey = 0 where slug = ?').run('acme')
    db.prepare('delete from passkeys where user_id = (select user_id from user_emails where email = ?)').run(email)
  }
  finally {
    db.close()
  }
}

/**
 * Makes a server admin an Admin of a workspace, or removes that membership (SPEC 3.7: such an Admin still
 * may not change the support policy). HTTP cannot: a server admin's join always waits for an Admin's approval.
 */
export function setWorkspaceAdmin(email: string, slug: string, member: boolean) {
  const db = new Database(databasePath())
  try {
    const user = `(select user_id from user_emails where email = ?)`
    const workspace = `(select id from workspaces where slug = ?)`
    if (member) db.prepare(`insert or ignore into workspace_members (workspace_id, user_id, role, seat) values (${workspace}, ${user}, 'admin', 'editor')`).run(slug, email)
    else db.prepare(`delete from workspace_members where workspace_id = ${workspace} and user_id = ${user}`).run(slug, email)
  }
  finally {
    db.close()
  }
}
