import { randomBytes } from 'node:crypto'
import { and, count, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm'
import type { WebhookDeliveryView, WebhookView } from '#shared/schemas/answers'
import type { WebhookEvent } from '#shared/webhooks/schemas'
import type { DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { assertPublicUrl } from './address'
import { afterCommit, countOf, tables, useDb } from '../../database'
import { kickWebhookDelivery } from './delivery'
import { queueTestEvent } from './queue'
import { serverWideMayCarry } from '../access/server-wide'
import type { WorkspaceLens } from '../access/lens'

/**
 * Webhook endpoints (SPEC 3.9): a workspace's own (`workspaceId` set) or the server's (`null`, for
 * every workspace's events). Every change is audited, with the address cut to its origin: a Slack
 * incoming-webhook URL is itself a credential, and the audit log is read by more people than set it.
 */
type Owner = number | null
type Row = typeof tables.webhooks.$inferSelect

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`

/**
 * The support session a webhook belongs to after a change (SPEC 3.6: a session leaves nothing behind for
 * its holder). Setting its endpoint or secret under a session makes it that session's: it delivers only
 * while the session lends anything (delivery.ts), and is switched off once it ends (session-tie.ts), for
 * the holder may own the address or keep the secret. A change by an Admin of the workspace's own, outside
 * any session, makes it the workspace's again; other changes under a session leave it as it was.
 */
const tiedSessionAfter = (lentBy: number | null, before: number | null, setsEndpointOrSecret: boolean) =>
  lentBy === null ? null : setsEndpointOrSecret ? lentBy : before

/** The address as the audit log and emails may show it: scheme and host only. */
export function redactedUrl(raw: string): string {
  const url = new URL(raw)
  return url.pathname.length > 1 || url.search ? `${url.origin}/…` : url.origin
}

const ownedBy = (owner: Owner): SQL => (owner === null ? isNull(tables.webhooks.workspaceId) : eq(tables.webhooks.workspaceId, owner))

async function findOrThrow(db: DbOrTx, owner: Owner, id: number): Promise<Row> {
  const w = tables.webhooks
  const [row] = await db.select().from(w).where(and(eq(w.id, id), ownedBy(owner)))
  if (!row) throw apiError('WebhookNotFound', 'Webhook not found.')
  return row
}

function view(row: Row, last: WebhookView['lastDelivery'] = null): WebhookView {
  return { id: row.id, url: row.url, events: JSON.parse(row.events) as WebhookEvent[], format: row.format, enabled: row.enabled, createdAt: iso(row.createdAt)!, lastDelivery: last }
}

/** The endpoints with each one's newest delivery, in two queries. */
export async function listWebhooks(owner: Owner): Promise<WebhookView[]> {
  const { webhooks: w, webhookDeliveries: d } = tables
  const db = useDb()
  const rows = await db.select().from(w).where(ownedBy(owner)).orderBy(w.id)
  if (!rows.length) return []
  const newest = await db.select({ webhookId: d.webhookId, status: d.status, responseStatus: d.responseStatus, attempts: d.attempts, at: d.createdAt, id: d.id }).from(d)
    .where(inArray(d.id, db.select({ id: sql`max(${d.id})` }).from(d).where(inArray(d.webhookId, rows.map(r => r.id))).groupBy(d.webhookId)))
  const byHook = new Map(newest.map(n => [n.webhookId, { status: n.status, responseStatus: n.responseStatus, attempts: n.attempts, at: iso(n.at)! }]))
  return rows.map(row => view(row, byHook.get(row.id) ?? null))
}

/** Address checks need DNS, which cannot run inside the write's transaction: the gate runs this first. */
export async function checkWebhookAddress(input: { body: { url?: string } }): Promise<void> {
  if (input.body.url) await assertPublicUrl(input.body.url)
}

export async function createWebhook({ tx, actor, audit, supportSessionId }: WriteScope, owner: Owner, input: { url: string, events: WebhookEvent[], format: 'json' | 'slack' }) {
  const secret = newSecret()
  const row = (await tx.insert(tables.webhooks).values({
    workspaceId: owner, url: input.url, events: JSON.stringify(input.events), format: input.format, secret, createdBy: actor.id,
    supportSessionId: tiedSessionAfter(supportSessionId, null, true),
  }).returning())[0]!
  await audit({ action: 'webhook.created', targetType: 'webhook', targetId: row.id, data: { url: redactedUrl(row.url), events: input.events, format: input.format } })
  return { webhook: view(row), secret }
}

export async function updateWebhook({ tx, audit, supportSessionId }: WriteScope, owner: Owner, id: number, patch: { url?: string, events?: WebhookEvent[], format?: 'json' | 'slack', enabled?: boolean }) {
  const before = await findOrThrow(tx, owner, id)
  const w = tables.webhooks
  const { events, ...rest } = patch
  const set = { ...rest, ...(events ? { events: JSON.stringify(events) } : {}) }
  const tie = tiedSessionAfter(supportSessionId, before.supportSessionId, patch.url !== undefined && patch.url !== before.url)
  const after = Object.keys(set).length ? (await tx.update(w).set({ ...set, supportSessionId: tie }).where(eq(w.id, id)).returning())[0]! : before
  const shown = (key: string, row: Row) => (key === 'url' ? redactedUrl(row.url) : key === 'events' ? JSON.parse(row.events) : row[key as keyof Row])
  const changed = (['url', 'events', 'format', 'enabled'] as const).filter(key => before[key] !== after[key])
  await audit({ action: 'webhook.updated', targetType: 'webhook', targetId: id, data: { url: redactedUrl(after.url), changes: Object.fromEntries(changed.map(key => [key, { from: shown(key, before), to: shown(key, after) }])) } })
  return { webhook: view(after) }
}

export async function deleteWebhook({ tx, audit }: WriteScope, owner: Owner, id: number) {
  const row = await findOrThrow(tx, owner, id)
  await tx.delete(tables.webhooks).where(eq(tables.webhooks.id, id))
  await audit({ action: 'webhook.deleted', targetType: 'webhook', targetId: id, data: { url: redactedUrl(row.url) } })
}

/** A new secret, shown once; deliveries from now on are signed with it. */
export async function rotateWebhookSecret({ tx, audit, supportSessionId }: WriteScope, owner: Owner, id: number) {
  const row = await findOrThrow(tx, owner, id)
  const secret = newSecret()
  await tx.update(tables.webhooks).set({ secret, supportSessionId: tiedSessionAfter(supportSessionId, row.supportSessionId, true) }).where(eq(tables.webhooks.id, id))
  await audit({ action: 'webhook.secret_rotated', targetType: 'webhook', targetId: id, data: { url: redactedUrl(row.url) } })
  return { webhook: view(row), secret }
}

export async function sendTestEvent({ tx, actor, audit, supportSessionId }: WriteScope, owner: Owner, id: number) {
  const row = await findOrThrow(tx, owner, id)
  const eventId = await queueTestEvent(tx, { id: row.id, format: row.format, workspaceId: row.workspaceId }, actor)
  // Under a support session every write is a change of the session, named in words in its report
  // (issue 35: not "made a change (POST …)"); an Admin's own test changes nothing worth a record.
  if (supportSessionId !== null) await audit({ action: 'webhook.tested', targetType: 'webhook', targetId: id, data: { url: redactedUrl(row.url) } })
  return { eventId }
}

/**
 * The delivery log, newest first (SPEC 3.9). A server webhook's log is read through a lens (SPEC 3.10):
 * of a workspace it hides, only support events are listed (anything else was queued before its reads
 * required a session), and the workspaces whose deliveries it shows are in their access logs.
 */
export async function listDeliveries(owner: Owner, id: number, page: number, pageSize: number, lens?: WorkspaceLens): Promise<{ items: WebhookDeliveryView[], total: number }> {
  const db = useDb()
  await findOrThrow(db, owner, id)
  const d = tables.webhookDeliveries
  const findable = await lens?.findable(d.workspaceId)
  const where = and(eq(d.webhookId, id), findable ? or(findable, like(d.event, 'support.%')) : undefined)
  const rows = await db.select().from(d).where(where).orderBy(desc(d.id)).limit(pageSize).offset((page - 1) * pageSize)
  const total = await countOf(db.select({ n: count() }).from(d).where(where))
  await lens?.shown(rows.flatMap(r => (r.workspaceId === null ? [] : [r.workspaceId])))
  return {
    total,
    items: rows.map(r => ({
      id: r.id, event: r.event, status: r.status, attempts: r.attempts, responseStatus: r.responseStatus, durationMs: r.durationMs,
      lastError: r.lastError, createdAt: iso(r.createdAt)!, deliveredAt: iso(r.deliveredAt), nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null,
      eventId: r.eventId, body: r.body, responseBody: r.responseBody,
    })),
  }
}

/**
 * Sends a logged delivery again, as it was sent (same event id, so a receiver that keeps ids drops a
 * copy it already has), as a new entry of the log tried right away. Recorded like every webhook change.
 */
export async function redeliver({ tx, audit }: WriteScope, owner: Owner, id: number, deliveryId: number) {
  const row = await findOrThrow(tx, owner, id)
  const d = tables.webhookDeliveries
  const [original] = await tx.select().from(d).where(and(eq(d.id, deliveryId), eq(d.webhookId, row.id)))
  if (!original) throw apiError('WebhookDeliveryNotFound', 'Delivery not found.')
  // A server webhook carries nothing more of a workspace whose reads require a session than it would be queued now (SPEC 3.10).
  if (owner === null && original.workspaceId !== null && !await serverWideMayCarry(tx, original.workspaceId, original.event)) throw apiError('WebhookDeliveryNotFound', 'Delivery not found.')
  const [copy] = await tx.insert(d).values({ webhookId: row.id, workspaceId: original.workspaceId, eventId: original.eventId, event: original.event, body: original.body, nextAttemptAt: new Date() }).returning({ id: d.id })
  afterCommit(kickWebhookDelivery)
  await audit({ action: 'webhook.redelivered', targetType: 'webhook', targetId: row.id, data: { url: redactedUrl(row.url), event: original.event, deliveryId: original.id } })
  return { deliveryId: copy!.id, eventId: original.eventId }
}
