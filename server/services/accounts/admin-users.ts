import { and, asc, count, eq, exists, inArray, or, sql } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import type { WorkspaceLens } from '../access/lens'
import { clearSignInLocks, signInLocks } from './sign-in-throttle'
import { tables, useDb } from '../../database'

/**
 * Server Settings → Users: find an account by name or any of its emails, see its workspaces and whether
 * sign-in is locked for it (too many failed attempts: accounts/sign-in-throttle.ts), unlock it, remove it.
 * A membership is workspace data: the lens shows it only as the read gate would (SPEC 3.10).
 */

export async function searchUsers(q: string, page: number, pageSize: number, lens: WorkspaceLens) {
  const db = useDb()
  const { users: u, userEmails: e, workspaceMembers: m, workspaces: w } = tables
  const match = q ? or(containsText(u.name, q), exists(db.select({ one: sql`1` }).from(e).where(and(eq(e.userId, u.id), containsText(e.email, q))))) : undefined
  const total = (await db.select({ n: count() }).from(u).where(match))[0]?.n ?? 0
  const rows = await db.select({ id: u.id, name: u.name, serverRole: u.serverRole, createdAt: u.createdAt, lastSignInAt: u.lastSignInAt }).from(u).where(match)
    .orderBy(asc(u.name), asc(u.id)).limit(pageSize).offset((page - 1) * pageSize)
  const ids = rows.map(row => row.id)
  const emails = ids.length ? await db.select({ userId: e.userId, email: e.email, primary: e.primary }).from(e).where(inArray(e.userId, ids)).orderBy(asc(e.id)) : []
  const everyMembership = ids.length
    ? await db.select({ userId: m.userId, workspaceId: w.id, slug: w.slug, name: w.name, role: m.role }).from(m).innerJoin(w, eq(w.id, m.workspaceId)).where(inArray(m.userId, ids)).orderBy(asc(w.name))
    : []
  // A workspace whose reads need a session the reader lacks shows no membership, only how many (SPEC 3.10);
  // those it shows are in its access log as a read of its members.
  const hidden = await lens.hidden(everyMembership.map(x => x.workspaceId))
  const memberships = everyMembership.filter(x => !hidden.has(x.workspaceId))
  await lens.shown(memberships.map(x => x.workspaceId))
  // Failed sign-ins in the current window, from the sign-in throttle's buckets (SPEC 3.11).
  const locks = await signInLocks(ids.map(id => ({ id, emails: emails.filter(x => x.userId === id).map(x => x.email) })))
  const items = rows.map((row) => {
    const own = emails.filter(x => x.userId === row.id)
    return {
      id: row.id,
      name: row.name,
      email: own.find(x => x.primary)?.email ?? own[0]?.email ?? null,
      otherEmails: own.filter(x => !x.primary).map(x => x.email),
      serverRole: row.serverRole,
      createdAt: iso(row.createdAt)!,
      lastSignInAt: iso(row.lastSignInAt),
      hiddenWorkspaces: everyMembership.filter(x => x.userId === row.id && hidden.has(x.workspaceId)).length,
      workspaces: memberships.filter(x => x.userId === row.id).map(({ slug, name, role }) => ({ slug, name, role })),
      failedSignIns: locks.get(row.id)?.failedSignIns ?? 0,
      signInLocked: locks.get(row.id)?.signInLocked ?? false,
    }
  })
  return { items, total: Number(total), page, pageSize }
}

/** Clears the failed sign-ins of every address of an account, so its owner can sign in again now. */
export async function unlockSignIn({ tx, audit }: WriteScope, userId: number) {
  const { users: u, userEmails: e } = tables
  const [user] = await tx.select({ id: u.id, name: u.name }).from(u).where(eq(u.id, userId))
  if (!user) throw apiError('UserNotFound', 'User not found.')
  const addresses = await tx.select({ email: e.email }).from(e).where(eq(e.userId, userId))
  const cleared = await clearSignInLocks(tx, { id: userId, emails: addresses.map(a => a.email) })
  await audit({ action: 'user.sign_in_unlocked', targetType: 'user', targetId: userId, data: { name: user.name, cleared } })
  return { unlocked: true, cleared }
}
