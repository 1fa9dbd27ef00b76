import { eq } from 'drizzle-orm'
import type { Db } from './types'
import type { Store } from './store'
import * as t from './sqlite/schema'
import { DEMO_PERSONAL_PROJECTS, DEMO_USERS, DEMO_WORKSPACES } from './demo-data'

/** Whether the demo data is there already (its first account): the check before hashing passwords for it. */
export async function demoDataSeeded(db: Db): Promise<boolean> {
  const [seeded] = await db.select({ id: t.userEmails.id }).from(t.userEmails).where(eq(t.userEmails.email, DEMO_USERS[0]!.email))
  return !!seeded
}

/**
 * Seeds SPEC 7 into an empty database. Idempotent: when the first demo account exists nothing is written,
 * and the whole seed is one transaction, so a crash never leaves half of it.
 * @param hashes password hash for each demo email (hashed before the transaction, which other writes wait for)
 */
export function seedDemoData(store: Pick<Store, 'write'>, hashes: Map<string, string>): Promise<boolean> {
  return store.write(async (tx) => {
    if (await demoDataSeeded(tx)) return false
    const now = new Date()
    const ids = new Map<string, number>()
    for (const u of DEMO_USERS) {
      const { id } = (await tx.insert(t.users).values({ name: u.name, serverRole: u.serverRole, passwordHash: hashes.get(u.email)! }).returning({ id: t.users.id }))[0]!
      await tx.insert(t.userEmails).values({ userId: id, email: u.email, primary: true, verifiedAt: now })
      ids.set(u.email, id)
    }
    const user = (email: string) => ids.get(email)!
    for (const w of DEMO_WORKSPACES) {
      const { id: workspaceId } = (await tx.insert(t.workspaces).values({ slug: w.slug, name: w.name, plan: w.plan }).returning({ id: t.workspaces.id }))[0]!
      for (const domain of w.domains) await tx.insert(t.workspaceDomains).values({ workspaceId, domain })
      for (const [email, role, seat] of w.members) await tx.insert(t.workspaceMembers).values({ workspaceId, userId: user(email), role, seat })
      for (const p of w.projects) {
        const owner = user(p.roles[0]![0])
        const { id: projectId } = (await tx.insert(t.projects).values({ workspaceId, name: p.name, visibility: p.visibility, createdBy: owner }).returning({ id: t.projects.id }))[0]!
        for (const [email, role] of p.roles) await tx.insert(t.projectRoles).values({ projectId, userId: user(email), role })
        if (p.content) await seedProjectContent(tx, projectId, owner)
      }
    }
    for (const p of DEMO_PERSONAL_PROJECTS) {
      const { id: projectId } = (await tx.insert(t.projects).values({ workspaceId: null, name: p.name, visibility: 'private', createdBy: user(p.owner) }).returning({ id: t.projects.id }))[0]!
      await tx.insert(t.projectRoles).values({ projectId, userId: user(p.owner), role: 'owner' })
    }
    return true
  })
}

async function seedProjectContent(tx: Db, projectId: number, authorId: number) {
  const { id: modelId } = (await tx.insert(t.models).values({ projectId, name: 'Structure', createdBy: authorId }).returning({ id: t.models.id }))[0]!
  await tx.insert(t.versions).values({ modelId, message: 'Initial upload', createdBy: authorId })
  await tx.insert(t.comments).values({ projectId, userId: authorId, text: 'Columns on level 3 need another look.' })
}
