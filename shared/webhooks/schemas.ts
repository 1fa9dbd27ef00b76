import { z } from 'zod'
import { idSchema, slugSchema } from '../schemas/common'

/** The events a webhook can subscribe to (SPEC 3.9), with the words the Integrations page uses. */
export const WEBHOOK_EVENTS = [
  'support.requested',
  'support.approved',
  'support.revoked',
  'support.expired',
  'support.ended',
  /** A session approved before its start became active by itself at its start (SPEC 3.12; contract version 2). */
  'support.started',
  /** SPEC 3.13: a server admin started emergency access, without approval. */
  'support.emergency',
  /** A workspace Admin changed the support policy (SPEC 3.11): what changed, before and after. */
  'support.policy_changed',
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
  'support.started': 'Scheduled support session started',
  'support.emergency': 'Emergency access started by a server admin',
  'support.policy_changed': 'Support policy changed',
  'member.added': 'Member added',
  'member.removed': 'Member removed',
  'member.changed': 'Member role or seat changed',
  'audit.checkpoint': 'Signed audit log checkpoint',
}

/**
 * The support lifecycle: the only events of a workspace whose reads require a session that server-wide
 * endpoints carry (SPEC 3.10).
 */
export const isSupportEvent = (event: string) => event.startsWith('support.')

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
export const workspaceDeliveryParams = workspaceWebhookParams.extend({ deliveryId: idSchema })
export const deliveryParams = webhookParams.extend({ deliveryId: idSchema })

/**
 * Where a delivery stands, in one word both the webhook list and its delivery log show (issue 35: the
 * list said "Sending" while the log said "Retrying"). A disabled webhook sends nothing: its waiting
 * deliveries are paused until it is enabled again.
 */
export function deliveryState(delivery: { status: string, attempts: number }, webhookEnabled: boolean): 'Delivered' | 'Failed' | 'Paused' | 'Retrying' | 'Queued' {
  if (delivery.status === 'delivered') return 'Delivered'
  if (delivery.status === 'failed') return 'Failed'
  if (!webhookEnabled) return 'Paused'
  return delivery.attempts ? 'Retrying' : 'Queued'
}

/**
 * A delivery's outcome in words for the delivery log: what went wrong in terms a workspace admin can act
 * on, instead of Node's error codes ("getaddrinfo ENOTFOUND hooks.example").
 */
export function deliveryProblem(delivery: { status: string, responseStatus: number | null, lastError: string | null }): string | null {
  const error = delivery.lastError
  if (delivery.status === 'delivered' || (!error && delivery.responseStatus === null)) return null
  if (delivery.responseStatus !== null && (!error || /^HTTP \d+$/.test(error))) {
    return `The endpoint answered ${delivery.responseStatus}${delivery.responseStatus >= 500 ? ' (a fault on its side)' : delivery.responseStatus >= 400 ? ' (it refused the request: check the URL and whether it expects this format)' : delivery.responseStatus >= 300 ? ' (a redirect, which is never followed: use the final address)' : ''}.`
  }
  if (!error) return null
  const host = /(?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(error)?.[1]
  if (/ENOTFOUND/.test(error)) return `The host name ${host ?? ''} could not be found (DNS): check the URL for typos.`.replace('  ', ' ')
  if (/EAI_AGAIN/.test(error)) return 'The host name could not be looked up right now (DNS did not answer). It is tried again.'
  if (/ECONNREFUSED/.test(error)) return 'The connection was refused: nothing accepts connections at that address and port.'
  if (/ECONNRESET|socket hang up/.test(error)) return 'The endpoint closed the connection before answering.'
  if (/EHOSTUNREACH|ENETUNREACH/.test(error)) return 'The address cannot be reached from this server (no route to it).'
  if (/^No answer within/.test(error)) return `${error}: the endpoint took too long to answer.`
  if (/certificate|CERT_|SSL|TLS/i.test(error)) return `The endpoint's TLS certificate was not accepted (${error}).`
  if (/loopback|private network/.test(error)) return error
  return error
}
