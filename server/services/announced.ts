// The types an announcement is made of, below both the audit log (services/audit/announcements.ts, which
// announces) and the webhooks (services/webhooks/payloads.ts and queue.ts, which build and queue what it
// sends), so neither imports the other back (issue 33, item 7: the last import circle, types only).
import type { ChainedEvent } from '#shared/audit-chain.mjs'
import type { WebhookData } from '#shared/webhooks/contract'
import type { WebhookEvent } from '#shared/webhooks/schemas'
import type { DbOrTx } from '../database'
import type { SupportSessionView } from './support/session-view'

/** A change just recorded in the audit log, as what it announces is derived from it: its event, with `data` parsed. */
export type RecordedChange = Omit<ChainedEvent, 'data' | 'prevHash' | 'hash'> & { data: Record<string, unknown> }

/** What an announcement may read besides the change: loaded once, only when something needs it. */
export interface Announced {
  db: DbOrTx
  change: RecordedChange
  /** Who made the change; null for the system (expiry, reminders) or a deleted account. */
  actor: { id: number, name: string } | null
  workspace: { id: number, slug: string, name: string } | null
  /** The support session a lifecycle event is about, as it stands after the change. */
  session: () => Promise<SupportSessionView>
}

/** What every change's webhook data carries; queue.ts fills it in from the recorded change. */
type Common = 'summary' | 'actor' | 'supportSessionId' | 'auditEventId'

/** One event type and the documented fields particular to it (shared/webhooks/contract.ts). */
export type WebhookPayload = { [T in WebhookEvent]: { type: T, data: Omit<WebhookData<T>, Common> } }[WebhookEvent]
