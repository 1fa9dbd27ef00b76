import { eq } from 'drizzle-orm'
import type { Db } from './connection'
import * as t from './schema'
import { DEMO_PERSONAL_PROJECTS, DEMO_USERS, DEMO_WORKSPACES } from './demo-data'

/**
 * Seeds SPEC 7 into an empty database. Idempotent: when the first demo account exists nothing is written,
 * and the whole seed is one transaction, so a crash never leaves half of it.
 * @param hashes password hash for each demo email (hashing is async, the transaction is not)
 */
export function seedDemoData(db: Db, hashes: Map<string, string>): boolean {
  return db.transaction((tx) => {
    if (tx.select({ id: t.userEmails.id }).from(t.userEmails).where(eq(t.userEmails.email, DEMO_USERS[0]!.email)).get()) return false
    const now = new Date()
    const ids = new Map<string, number>()
    for (const u of DEMO_USERS) {
      const { id } = tx.insert(t.users).values({ name: u.name, serverRole: u.serverRole, passwordHash: hashes.get(u.email)! }).returning({ id: t.users.id }).get()
      tx.insert(t.userEmails).values({ userId: id, email: u.email, primary: true, verifiedAt: now }).run()
      ids.set(u.email, id)
    }
    const user = (email: string) => ids.get(email)!
    for (const w of DEMO_WORKSPACES) {
      const { id: workspaceId } = tx.insert(t.workspaces).values({ slug: w.slug, name: w.name, plan: w.plan }).returning({ id: t.workspaces.id }).get()
      for (const domain of w.domains) tx.insert(t.workspaceDomains).values({ workspaceId, domain }).run()
      for (const [email, role, seat] of w.members) tx.insert(t.workspaceMembers).values({ workspaceId, userId: user(email), role, seat }).run()
      for (const p of w.projects) {
        const owner = user(p.roles[0]![0])
        const { id: projectId } = tx.insert(t.projects).values({ workspaceId, name: p.name, visibility: p.visibility, createdBy: owner }).returning({ id: t.projects.id }).get()
        for (const [email, role] of p.roles) tx.insert(t.projectRoles).values({ projectId, userId: user(email), role }).run()
        if (p.content) seedProjectContent(tx, projectId, owner)
      }
    }
    for (const p of DEMO_PERSONAL_PROJECTS) {
      const { id: projectId } = tx.insert(t.projects).values({ workspaceId: null, name: p.name, visibility: 'private', createdBy: user(p.owner) }).returning({ id: t.projects.id }).get()
      tx.insert(t.projectRoles).values({ projectId, userId: user(p.owner), role: 'owner' }).run()
    }
    return true
  }, { behavior: 'immediate' })
}

function seedProjectContent(tx: Parameters<Parameters<Db['transaction']>[0]>[0], projectId: number, authorId: number) {
  const { id: modelId } = tx.insert(t.models).values({ projectId, name: 'Structure', createdBy: authorId }).returning({ id: t.models.id }).get()
  tx.insert(t.versions).values({ modelId, message: 'Initial upload', createdBy: authorId }).run()
  tx.insert(t.comments).values({ projectId, userId: authorId, text: 'Columns on level 3 need another look.' }).run()
}
