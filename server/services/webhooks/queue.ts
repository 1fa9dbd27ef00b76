import { randomUUID } from 'node:crypto'
import { and, eq, isNull, or } from 'drizzle-orm'
import type { AuditCheckpoint } from '#shared/audit-checkpoint.mjs'
import { describeAuditEvent } from '#shared/audit-sentences'
import { WEBHOOK_CONTRACT_VERSION } from '#shared/webhooks/contract'
import { isSupportEvent, WEBHOOK_TEST_EVENT } from '#shared/webhooks/schemas'
import type { DbOrTx } from '../../database'
import type { Announced, WebhookPayload } from '../announced'
import { absoluteUrl } from '../mail/templates'
import { kickWebhookDelivery } from './delivery'
import { recordSupportRead } from '../support/access-log'
import { serverWideMayCarry } from '../access/server-wide'
import { afterCommit, tables } from '../../database'

interface Subscriber { id: number, format: 'json' | 'slack', events: string, workspaceId: number | null, createdBy?: number | null }

/**
 * Enabled webhooks of the workspace, and the server-wide ones, that asked for this event. A server-wide
 * endpoint is set up and read by server admins (its delivery log shows each body) with no session in any
 * workspace, so of a workspace whose reads require a session it gets the support lifecycle only
 * (SPEC 3.10): nothing else of it is ever queued there, and no body of it is stored.
 */
async function subscribersOf(db: DbOrTx, workspaceId: number, event: string): Promise<Subscriber[]> {
  const w = tables.webhooks
  const rows = await db.select({ id: w.id, format: w.format, events: w.events, workspaceId: w.workspaceId, createdBy: w.createdBy }).from(w)
    .where(and(eq(w.enabled, true), or(eq(w.workspaceId, workspaceId), isNull(w.workspaceId))))
  const asked = rows.filter(r => (JSON.parse(r.events) as string[]).includes(event))
  if (!asked.some(r => r.workspaceId === null) || await serverWideMayCarry(db, workspaceId, event)) return asked
  return asked.filter(r => r.workspaceId !== null)
}

/** The JSON body every delivery carries (shared/webhooks/contract.ts documents each type's `data`). */
export interface Envelope {
  id: string
  type: string
  version: typeof WEBHOOK_CONTRACT_VERSION
  createdAt: string
  workspace: { id: number, slug: string, name: string } | null
  data: { summary: string } & Record<string, unknown>
}

/** The body one endpoint receives: the JSON envelope, or one line of text for Slack, Mattermost and Teams. */
export function renderBody(format: 'json' | 'slack', envelope: Envelope): string {
  if (format === 'json') return JSON.stringify(envelope)
  const where = envelope.workspace ? `[${envelope.workspace.name}] ` : ''
  const link = envelope.workspace ? ` ${absoluteUrl(`/settings/workspaces/${envelope.workspace.slug}/support`)}` : ''
  return JSON.stringify({ text: `${where}${String(envelope.data.summary)}.${link}` })
}

async function insertDeliveries(db: DbOrTx, subscribers: Subscriber[], envelope: Envelope) {
  if (!subscribers.length) return
  const now = new Date()
  await db.insert(tables.webhookDeliveries).values(subscribers.map(hook => ({
    webhookId: hook.id, workspaceId: envelope.workspace?.id ?? null, eventId: envelope.id, event: envelope.type, body: renderBody(hook.format, envelope), nextAttemptAt: now, createdAt: now,
  })))
  afterCommit(kickWebhookDelivery)
}

async function workspaceSummary(db: DbOrTx, workspaceId: number | null) {
  if (workspaceId === null) return null
  const w = tables.workspaces
  const [workspace] = await db.select({ id: w.id, slug: w.slug, name: w.name }).from(w).where(eq(w.id, workspaceId))
  return workspace ?? null
}

/**
 * Queues a delivery to every endpoint that asked for this change, in the transaction that records it,
 * so an announced change always happened and a change that happened is always announced.
 */
export async function queueWebhooksFor(db: DbOrTx, { change, actor, workspace }: Announced, payload: WebhookPayload): Promise<void> {
  if (!workspace) return
  const subscribers = await subscribersOf(db, workspace.id, payload.type)
  if (!subscribers.length) return
  await recordServerWideReads(db, workspace, payload.type, subscribers)
  const summary = describeAuditEvent({ action: change.action, actor, targetType: change.targetType, targetId: change.targetId, data: change.data })
  await insertDeliveries(db, subscribers, {
    id: randomUUID(),
    type: payload.type,
    version: WEBHOOK_CONTRACT_VERSION,
    createdAt: new Date(change.createdAt).toISOString(),
    workspace,
    data: { summary, actor, supportSessionId: change.supportSessionId, auditEventId: change.id, ...payload.data },
  })
}

/**
 * A server-wide endpoint's delivery is a read of the workspace by the server admin who set it up (SPEC
 * 3.10): each is in the workspace's access log, like their reading it on screen, as `webhooks` read through
 * that endpoint (one entry per endpoint per ten minutes), appended in the change's own transaction.
 * Support events are about the support lifecycle the workspace itself sees, and an endpoint whose owner is a
 * member reads as the member does: neither is recorded.
 */
async function recordServerWideReads(db: DbOrTx, workspace: { id: number, slug: string, name: string }, event: string, subscribers: Subscriber[]) {
  if (isSupportEvent(event)) return
  const m = tables.workspaceMembers
  for (const hook of subscribers) {
    if (hook.workspaceId !== null || hook.createdBy === null || hook.createdBy === undefined) continue
    const member = await db.select({ id: m.userId }).from(m).where(and(eq(m.workspaceId, workspace.id), eq(m.userId, hook.createdBy)))
    if (member.length) continue
    await recordSupportRead({ workspace, project: null, actorId: hook.createdBy, supportSessionId: null, seen: { type: 'webhooks' }, route: `webhook:${hook.id}` })
  }
}

/** "Send test event": one delivery to this endpoint only, whatever events it subscribes to. */
export async function queueTestEvent(db: DbOrTx, hook: { id: number, format: 'json' | 'slack', workspaceId: number | null }, by: { id: number, name: string }) {
  const workspace = await workspaceSummary(db, hook.workspaceId)
  const envelope: Envelope = {
    id: randomUUID(),
    type: WEBHOOK_TEST_EVENT,
    version: WEBHOOK_CONTRACT_VERSION,
    createdAt: new Date().toISOString(),
    workspace,
    data: { summary: `${by.name} sent a test event from Support Access`, actor: { id: by.id, name: by.name } },
  }
  await insertDeliveries(db, [{ id: hook.id, format: hook.format, events: '[]', workspaceId: hook.workspaceId }], envelope)
  return envelope.id
}

/**
 * A signed audit checkpoint, sent to the workspace's endpoints that asked for `audit.checkpoint`: the C2SP
 * signed note of its tree (SPEC 3.14), and the legacy JSON checkpoint of the same events (contract version 2 keeps it).
 */
export async function queueCheckpointWebhook(db: DbOrTx, workspace: { id: number, slug: string, name: string }, checkpoint: AuditCheckpoint, note: string) {
  const subscribers = await subscribersOf(db, workspace.id, 'audit.checkpoint')
  if (!subscribers.length) return
  await insertDeliveries(db, subscribers, {
    id: randomUUID(),
    type: 'audit.checkpoint',
    version: WEBHOOK_CONTRACT_VERSION,
    createdAt: checkpoint.at,
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    data: { summary: `Audit log checkpoint: ${checkpoint.events} events, signed by key ${checkpoint.keyId}`, note, checkpoint },
  })
}
