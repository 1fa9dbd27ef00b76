import { z } from 'zod'
import { SEATS, WORKSPACE_ROLES } from '../roles'
import { SUPPORT_STATUSES } from '../support/status'
import { WEBHOOK_EVENT_LABELS, WEBHOOK_TEST_EVENT, type WebhookEvent } from './schemas'

/**
 * Webhook bodies as a versioned contract (SPEC 3.9, issue 19): `{id, type, version, createdAt, workspace,
 * data}` with documented fields for each event type, never raw audit data. A field or an event type is
 * only ever added within a version (`support.policy_changed` joined version 1 so); renaming or removing
 * one, or a value a field did not take before, means a new version, listed in `WEBHOOK_CONTRACT_CHANGES`.
 * `GET /api/openapi.json` lists every event type under `webhooks`, built from these schemas, with that list.
 */
export const WEBHOOK_CONTRACT_VERSION = 2

/** What each version changed, newest first, as the OpenAPI document's `webhooks` describe it. */
export const WEBHOOK_CONTRACT_CHANGES: Record<number, string> = {
  2: 'SPEC 3.12 (a session lends a scope, for a time): support events\' `session` adds `scope` {access, projects}, `durationMinutes`, `startsAt`, `ticket`, `ticketUrl` and `emergency` (SPEC 3.13); `session.status` may be `scheduled` (approved before its start); new events `support.started` (a scheduled session became active at its start) and `support.emergency` (a server admin started emergency access, SPEC 3.13); `support.policy_changed` adds `maxAccess`, `requireTicket`, `ticketUrlTemplate`, `emergencyAccess`, `autoApproveReadHours` and `remindAfterMinutes`; `audit.checkpoint` adds `note`, the C2SP signed note of the audit log\'s Merkle tree (SPEC 3.14).',
  1: 'The first contract (issue 19).',
}

const id = z.number().int()
const isoTime = z.iso.datetime({ offset: true })
const person = z.object({ id, name: z.string() }).strict().describe('A person, by id and display name ("Deleted user" once their account is gone).')

/** What every change's data carries, whatever its type. */
const change = {
  summary: z.string().describe('The change in one sentence, as the audit log shows it.'),
  actor: person.nullable().describe('Who made the change; null when the server did (an expiry).'),
  supportSessionId: id.nullable().describe('The support session the change was made under, if any.'),
  auditEventId: id.describe('The audit event that records the change, in the workspace\'s audit log.'),
}

const session = z.object({
  id,
  status: z.enum(SUPPORT_STATUSES),
  requestedBy: person,
  reason: z.string(),
  expiresAt: isoTime.nullable(),
  approvals: z.number().int().describe('Approvals given so far.'),
  approvalsRequired: z.number().int(),
  scope: z.object({
    access: z.enum(['read', 'write']).describe('`read`: the session lends no write.'),
    projects: z.union([z.literal('all'), z.array(id)]).describe('`all`, or the ids of the only projects it lends; then no workspace-level write.'),
  }).strict().describe('SPEC 3.12: what the session lends (added in version 2; sessions before scopes report write, all).'),
  durationMinutes: z.number().int().nullable().describe('SPEC 3.12: how long it lasts from its activation, if asked so (added in version 2).'),
  startsAt: isoTime.nullable().describe('SPEC 3.12: not active before this time (added in version 2).'),
  ticket: z.string().nullable().describe('SPEC 3.12: the ticket it was asked against (added in version 2).'),
  ticketUrl: z.string().nullable().describe('SPEC 3.12: the ticket\'s link, from the workspace\'s template (added in version 2).'),
  emergency: z.boolean().describe('SPEC 3.13: started at once by a server admin under the emergency policy, without approval (added in version 2).'),
}).strict()

const supportData = z.object({ ...change, session }).strict()

/** SPEC 3.7 and 3.10: the support policy's settings, as `GET /api/workspaces/{slug}/support-policy` answers them. */
const policySettings = {
  requireReason: z.boolean(),
  maxSessionHours: z.number().int().nullable().describe('Hours; null: no limit.'),
  approvalsRequired: z.number().int(),
  pendingTtlHours: z.number().int(),
  readsRequireSession: z.boolean(),
  approvalRequiresPasskey: z.boolean(),
  maxAccess: z.enum(['read', 'write']).describe('SPEC 3.12: the widest access a request may ask for (added in version 2).'),
  requireTicket: z.boolean().describe('SPEC 3.12: requests name a ticket (added in version 2).'),
  ticketUrlTemplate: z.string().nullable().describe('SPEC 3.12: `https://…{ticket}…`, linking each session to its ticket (added in version 2).'),
  emergencyAccess: z.boolean().describe('SPEC 3.13: server admins may start an emergency session at once (added in version 2).'),
  autoApproveReadHours: z.number().int().nullable().describe('SPEC 3.13: read-only requests ending within this many hours are approved automatically; null: never (added in version 2).'),
  remindAfterMinutes: z.number().int().nullable().describe('SPEC 3.13: a pending request reminds the Admins once after this many minutes; null: never (added in version 2).'),
}
const { requireReason, maxSessionHours, approvalsRequired, pendingTtlHours, readsRequireSession, approvalRequiresPasskey, maxAccess, requireTicket, ticketUrlTemplate, emergencyAccess, autoApproveReadHours, remindAfterMinutes } = policySettings
const fromTo = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value }).strict().optional()
const policyChanged = z.object({
  ...change,
  changes: z.object({
    requireReason: fromTo(requireReason),
    maxSessionHours: fromTo(maxSessionHours),
    approvalsRequired: fromTo(approvalsRequired),
    pendingTtlHours: fromTo(pendingTtlHours),
    readsRequireSession: fromTo(readsRequireSession),
    approvalRequiresPasskey: fromTo(approvalRequiresPasskey),
    maxAccess: fromTo(maxAccess),
    requireTicket: fromTo(requireTicket),
    ticketUrlTemplate: fromTo(ticketUrlTemplate),
    emergencyAccess: fromTo(emergencyAccess),
    autoApproveReadHours: fromTo(autoApproveReadHours),
    remindAfterMinutes: fromTo(remindAfterMinutes),
  }).strict().describe('Each setting that changed, with its value before and after.'),
  policy: z.object(policySettings).strict().describe('The whole support policy after the change.'),
}).strict()

const member = person.describe('The person whose membership changed.')
const roleChange = <T extends readonly [string, ...string[]]>(values: T) => z.object({ from: z.enum(values), to: z.enum(values) }).strict()

const checkpoint = z.object({
  workspace: z.object({ id, slug: z.string() }).strict(),
  events: z.number().int(),
  head: z.string(),
  at: isoTime,
  keyId: z.string(),
  signature: z.string(),
}).strict().describe('A signed checkpoint of the workspace\'s audit log (SPEC 3.8): keep it to check later exports with `npm run audit:verify -- <export> --checkpoint <this>`.')

/** `data` of each event type. */
export const WEBHOOK_DATA = {
  'support.requested': supportData,
  'support.approved': supportData,
  'support.revoked': supportData,
  'support.ended': supportData,
  'support.started': supportData,
  'support.emergency': supportData.describe('SPEC 3.13: a server admin started emergency access, active at once without approval; an Admin must review it (added in version 2).'),
  'support.policy_changed': policyChanged,
  'support.expired': z.object({ ...change, session, lapsed: z.boolean().describe('A request nobody approved in time, rather than a session that ran out.') }).strict(),
  'member.added': z.object({
    ...change,
    member,
    role: z.enum(WORKSPACE_ROLES),
    seat: z.enum(SEATS),
    via: z.enum(['invite', 'join_request', 'auto_join', 'project']).describe('How they joined: an accepted invite, an approved join request, auto-join by domain, or added to a project (as a Guest).'),
  }).strict(),
  'member.removed': z.object({ ...change, member, role: z.enum(WORKSPACE_ROLES), seat: z.enum(SEATS) }).strict(),
  'member.changed': z.object({ ...change, member, changes: z.object({ role: roleChange(WORKSPACE_ROLES).optional(), seat: roleChange(SEATS).optional() }).strict() }).strict(),
  'audit.checkpoint': z.object({
    summary: z.string(),
    note: z.string().describe('SPEC 3.14: the C2SP signed note (c2sp.org/tlog-checkpoint) of the workspace\'s audit log as a Merkle tree: origin, tree size, base64 root, then the server\'s signature; the text `GET /api/workspaces/{slug}/audit/checkpoint` serves at that size. Keep it: `npm run audit:verify -- <a later export> --checkpoint <this note>` proves the log only grew since (added in version 2).'),
    checkpoint,
  }).strict(),
} satisfies Record<WebhookEvent, z.ZodType>

export const WEBHOOK_TEST_DATA = z.object({ summary: z.string(), actor: person }).strict()

export type WebhookData<T extends WebhookEvent> = z.output<(typeof WEBHOOK_DATA)[T]>

/** The whole JSON body of one event type. */
export function webhookBodySchema(type: WebhookEvent | typeof WEBHOOK_TEST_EVENT) {
  return z.object({
    id: z.uuid().describe('The delivery\'s event id: the same on every retry, for idempotency.'),
    type: z.literal(type),
    version: z.literal(WEBHOOK_CONTRACT_VERSION),
    createdAt: isoTime,
    workspace: z.object({ id, slug: z.string(), name: z.string() }).strict().nullable(),
    data: type === WEBHOOK_TEST_EVENT ? WEBHOOK_TEST_DATA : WEBHOOK_DATA[type],
  }).strict().describe(type === WEBHOOK_TEST_EVENT ? 'Send test event' : WEBHOOK_EVENT_LABELS[type])
}
