import { z } from 'zod'
import { idSchema, slugSchema } from './schemas/common'

/** The events a webhook can subscribe to (SPEC 3.9), with the words the Integrations page uses. */
export const WEBHOOK_EVENTS = [
  'support.requested',
  'support.approved',
  'support.revoked',
  'support.expired',
  'support.ended',
  'member.added',
  'member.removed',
  'member.changed',
  /** A signed head of the workspace's audit log (SPEC 3.8): keep it to check later exports against. */
  'audit.checkpoint',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'support.requested': 'Support access requested',
  'support.approved': 'Support request approved',
  'support.revoked': 'Support access revoked by a workspace Admin',
  'support.expired': 'Support session or request expired',
  'support.ended': 'Support session ended by the server admin',
  'member.added': 'Member added',
  'member.removed': 'Member removed',
  'member.changed': 'Member role or seat changed',
  'audit.checkpoint': 'Signed audit log checkpoint',
}

/** What "Send test event" sends; never a subscription of its own. */
export const WEBHOOK_TEST_EVENT = 'webhook.test' as const

export const WEBHOOK_FORMATS = ['json', 'slack'] as const

/** A delivery waits (and is retried), was acknowledged with a 2xx, or was given up after 24 hours. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number]

/** The header a `json` delivery is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Support-Access-Signature'

export const webhookUrlSchema = z.string().trim().max(2000, 'At most 2000 characters')
  .pipe(z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// address' }))

const eventsSchema = z.array(z.enum(WEBHOOK_EVENTS, { error: 'Unknown event' })).min(1, 'Choose at least one event').max(WEBHOOK_EVENTS.length)
  .transform(events => [...new Set(events)])

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: eventsSchema,
  format: z.enum(WEBHOOK_FORMATS, { error: 'Choose json or slack' }).default('json'),
}).strict()

export const updateWebhookSchema = z.object({
  url: webhookUrlSchema.optional(),
  events: eventsSchema.optional(),
  format: z.enum(WEBHOOK_FORMATS, { error: 'Choose json or slack' }).optional(),
  enabled: z.boolean().optional(),
}).strict()

export const workspaceWebhookParams = z.object({ slug: slugSchema, id: idSchema })
export const webhookParams = z.object({ id: idSchema })
