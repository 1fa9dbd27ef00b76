import { and, asc, count, eq, exists, gt, inArray, or, sql } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import type { WorkspaceLens } from '../access/lens'
import { RATE_LIMITS } from '../access/rate-limits'
import { affectedRows, tables, useDb } from '../../database'

/**
 * Server Settings → Users: find an account by name or any of its emails, see its workspaces and whether
 * sign-in is locked for it (too many failed attempts, RATE_LIMITS.signIn), unlock it, remove it.
 * A membership is workspace data: the lens shows it only as the read gate would (SPEC 3.10).
 */

const signInBucket = (email: string) => `${RATE_LIMITS.signIn.name}:${email}`

export async function searchUsers(q: string, page: number, pageSize: number, lens: WorkspaceLens) {
  const db = useDb()
  const { users: u, userEmails: e, workspaceMembers: m, workspaces: w, rateLimitHits: r } = tables
  const match = q ? or(containsText(u.name, q), exists(db.select({ one: sql`1` }).from(e).where(and(eq(e.userId, u.id), containsText(e.email, q))))) : undefined
  const total = (await db.select({ n: count() }).from(u).where(match))[0]?.n ?? 0
  const rows = await db.select({ id: u.id, name: u.name, serverRole: u.serverRole, createdAt: u.createdAt }).from(u).where(match)
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
  // Failed sign-ins in the current window, per address; at the limit the address is locked.
  const since = new Date(Date.now() - RATE_LIMITS.signIn.windowMs)
  const buckets = emails.map(x => signInBucket(x.email))
  const failures = buckets.length
    ? await db.select({ bucket: r.bucket, n: count() }).from(r).where(and(inArray(r.bucket, buckets), gt(r.createdAt, since))).groupBy(r.bucket)
    : []
  const failuresOf = new Map(failures.map(f => [f.bucket, Number(f.n)]))
  const limit = Math.max(1, Math.floor(RATE_LIMITS.signIn.limit * Number(useRuntimeConfig().rateLimitFactor || 1)))
  const items = rows.map((row) => {
    const own = emails.filter(x => x.userId === row.id)
    const failedSignIns = own.reduce((sum, x) => sum + (failuresOf.get(signInBucket(x.email)) ?? 0), 0)
    return {
      id: row.id,
      name: row.name,
      email: own.find(x => x.primary)?.email ?? own[0]?.email ?? null,
      otherEmails: own.filter(x => !x.primary).map(x => x.email),
      serverRole: row.serverRole,
      createdAt: iso(row.createdAt)!,
      hiddenWorkspaces: everyMembership.filter(x => x.userId === row.id && hidden.has(x.workspaceId)).length,
      workspaces: memberships.filter(x => x.userId === row.id).map(({ slug, name, role }) => ({ slug, name, role })),
      failedSignIns,
      signInLocked: own.some(x => (failuresOf.get(signInBucket(x.email)) ?? 0) >= limit),
    }
  })
  return { items, total: Number(total), page, pageSize }
}

/** Clears the failed sign-ins of every address of an account, so its owner can sign in again now. */
export async function unlockSignIn({ tx, audit }: WriteScope, userId: number) {
  const { users: u, userEmails: e, rateLimitHits: r } = tables
  const [user] = await tx.select({ id: u.id, name: u.name }).from(u).where(eq(u.id, userId))
  if (!user) throw apiError('UserNotFound', 'User not found.')
  const addresses = await tx.select({ email: e.email }).from(e).where(eq(e.userId, userId))
  const buckets = addresses.map(a => signInBucket(a.email))
  const cleared = buckets.length ? affectedRows(await tx.delete(r).where(inArray(r.bucket, buckets))) : 0
  await audit({ action: 'user.sign_in_unlocked', targetType: 'user', targetId: userId, data: { name: user.name, cleared } })
  return { unlocked: true, cleared }
}
