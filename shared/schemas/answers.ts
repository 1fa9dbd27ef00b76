import { z } from 'zod'
import { PLANS, SEATS, SERVER_ROLES, WORKSPACE_ROLES } from '../roles'
import { ACCESS_RESOURCE_LABELS, type AccessResourceType } from '../support/access'
import { EXTENSION_STATUSES, SUPPORT_STATUSES } from '../support/status'
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../webhooks/schemas'

/**
 * What the main routes answer, for the API reference (`@answer <name>` in a route's doc comment names
 * one of these). tests/server/openapi.test.ts parses each route's real answer with its schema, so the
 * reference and the server cannot part ways unnoticed.
 */
const isoTime = z.iso.datetime({ offset: true })
const person = z.object({ id: z.number().int(), name: z.string() }).strict()

const supportScopeAnswer = z.object({ access: z.enum(['read', 'write']), projects: z.union([z.literal('all'), z.array(z.number().int())]) }).strict()

export const supportSessionAnswer = z.object({
  id: z.number().int(),
  workspace: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }).strict(),
  /** `email` is null and `name` "Deleted user" once the requester's account was deleted. */
  requestedBy: z.object({ id: z.number().int(), name: z.string(), email: z.string().nullable() }).strict(),
  reason: z.string(),
  status: z.enum(SUPPORT_STATUSES),
  expiresAt: isoTime.nullable(),
  createdAt: isoTime,
  approvedBy: person.nullable(),
  approvedAt: isoTime.nullable(),
  revokedBy: person.nullable(),
  revokedAt: isoTime.nullable(),
  /** Each workspace Admin's approval so far, oldest first (SPEC 3.7: two may be required). */
  /** `{by: null, auto: true}`: approved by the workspace's policy itself (SPEC 3.13 automatic approval). */
  approvals: z.array(z.object({ by: person.nullable(), at: isoTime, comment: z.string().nullable(), auto: z.literal(true).optional() }).strict()),
  approvalsRequired: z.number().int().min(1).max(2),
  /** Requests for more time, oldest first (SPEC 3.7); approval moved `expiresAt`. */
  extensions: z.array(z.object({
    id: z.number().int(),
    expiresAt: isoTime,
    reason: z.string(),
    /** `expired`: still undecided when the session ended. */
    status: z.enum(EXTENSION_STATUSES),
    createdAt: isoTime,
    /** The first of two approvals, while a second is awaited (or once given). */
    firstApprovedBy: person.nullable(),
    decidedBy: person.nullable(),
    decidedAt: isoTime.nullable(),
  }).strict()),
  /** How many changes the session made (in a workspace's session lists; absent elsewhere). */
  changes: z.number().int().optional(),
  /** SPEC 3.12: what it lends: read or write, all projects or these ids (then no workspace-level write). */
  scope: supportScopeAnswer,
  /** The scope in words with its projects' names ("Read-only · Tower"). */
  scopeText: z.string(),
  /** SPEC 3.12: how long it lasts from its activation (its `expiresAt` is set then); null: an absolute expiry. */
  durationMinutes: z.number().int().nullable(),
  /** SPEC 3.12: not active before this time; approved earlier, it is `scheduled`. */
  startsAt: isoTime.nullable(),
  ticket: z.string().nullable(),
  /** The ticket's link, from the workspace's `ticketUrlTemplate`. */
  ticketUrl: z.string().nullable(),
  /** SPEC 3.13: started at once by a server admin under the emergency policy, with no approval. */
  emergency: z.boolean(),
  /** SPEC 3.13: a workspace Admin's review of an emergency session; null until reviewed (and for others). */
  review: z.object({ verdict: z.enum(['acknowledged', 'flagged']), by: person.nullable(), at: isoTime, comment: z.string().nullable() }).strict().nullable(),
}).strict()

export const supportSessionGroupsAnswer = z.object({
  pending: z.array(supportSessionAnswer),
  active: z.array(supportSessionAnswer),
  past: z.array(supportSessionAnswer),
}).strict()

/** SPEC 3.10: what server admins read in the workspace, newest first; `actors`: who appears, for a filter. */
export const accessLogAnswer = z.object({
  items: z.array(z.object({
    id: z.number().int(),
    /** null once the admin's account was deleted. */
    actor: person.nullable(),
    /** What was read: the thing itself, or the workspace or project a list belongs to (its name as it was then). */
    resource: z.object({ type: z.enum(Object.keys(ACCESS_RESOURCE_LABELS) as [AccessResourceType, ...AccessResourceType[]]), id: z.number().int(), name: z.string() }).strict(),
    route: z.string(),
    at: isoTime,
    /** The admin's support session in the workspace at the time, if any. */
    supportSessionId: z.number().int().nullable(),
  }).strict()),
  total: z.number().int(),
  actors: z.array(person),
  page: z.number().int(),
  pageSize: z.number().int(),
}).strict()

export const supportPolicyAnswer = z.object({
  requireReason: z.boolean(),
  maxSessionHours: z.number().int().nullable(),
  approvalsRequired: z.union([z.literal(1), z.literal(2)]),
  pendingTtlHours: z.number().int(),
  /** Server admins read the workspace's data only during an approved support session (SPEC 3.10). */
  readsRequireSession: z.boolean(),
  /** Approving or revoking a session needs the Admin's passkey, used in the last 5 minutes (SPEC 3.10). */
  approvalRequiresPasskey: z.boolean(),
  /** SPEC 3.12: the widest access a request may ask for. */
  maxAccess: z.enum(['read', 'write']),
  /** SPEC 3.12: requests name a ticket. */
  requireTicket: z.boolean(),
  /** SPEC 3.12: `https://…{ticket}…`, from which each session's `ticketUrl` is made. */
  ticketUrlTemplate: z.string().nullable(),
  /** SPEC 3.13: a server admin may start a session of at most 60 minutes at once, reviewed afterwards. */
  emergencyAccess: z.boolean(),
  /** SPEC 3.13: read-only requests ending within this many hours of activation are approved automatically; null: never. */
  autoApproveReadHours: z.number().int().nullable(),
  /** SPEC 3.13: minutes after which a pending request reminds the Admins, once; null: no reminder. */
  remindAfterMinutes: z.number().int().nullable(),
  /** In `GET` only: how many Admins the workspace has (two approvals need two). */
  adminCount: z.number().int().optional(),
}).strict()

export const webhookAnswer = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
  createdAt: isoTime,
  lastDelivery: z.object({ status: z.enum(WEBHOOK_DELIVERY_STATUSES), responseStatus: z.number().int().nullable(), attempts: z.number().int(), at: isoTime }).strict().nullable(),
}).strict()

export type WebhookView = z.output<typeof webhookAnswer>
export type WebhookDeliveryView = z.output<typeof webhookDeliveriesAnswer>['items'][number]

export const webhookListAnswer = z.object({ items: z.array(webhookAnswer) }).strict()
export const webhookWithSecretAnswer = z.object({ webhook: webhookAnswer, secret: z.string() }).strict()
export const webhookUpdatedAnswer = z.object({ webhook: webhookAnswer }).strict()
export const webhookTestAnswer = z.object({ eventId: z.uuid() }).strict()
export const webhookRedeliveryAnswer = z.object({ deliveryId: z.number().int(), eventId: z.string() }).strict()

export const webhookDeliveriesAnswer = z.object({
  items: z.array(z.object({
    id: z.number().int(),
    event: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: isoTime,
    deliveredAt: isoTime.nullable(),
    nextAttemptAt: isoTime.nullable(),
    /** The event's id: a redelivery keeps it, so receivers can drop a copy. */
    eventId: z.string(),
    /** What was sent, exactly (the signature covers it). */
    body: z.string(),
    /** The receiver's answer, its first 2 KB. */
    responseBody: z.string().nullable(),
  }).strict()),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
}).strict()

export const adminWorkspacesAnswer = z.object({
  items: z.array(z.object({
    id: z.number().int(), slug: z.string(), name: z.string(), plan: z.string(),
    memberCount: z.number().int(), projectCount: z.number().int(), createdAt: isoTime,
    /** SPEC 3.13: emergency sessions the workspace's Admins flagged in their review. */
    flaggedEmergencies: z.number().int(),
  }).strict()),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
}).strict()

export const adminUsersAnswer = z.object({
  items: z.array(z.object({
    id: z.number().int(), name: z.string(), email: z.string().nullable(), otherEmails: z.array(z.string()),
    serverRole: z.enum(SERVER_ROLES), createdAt: isoTime,
    /** When the account last signed in (password or passkey); null: never. */
    lastSignInAt: isoTime.nullable(),
    workspaces: z.array(z.object({ slug: z.string(), name: z.string(), role: z.enum(WORKSPACE_ROLES) }).strict()),
    /** Workspaces it belongs to that are not listed: their reads require a support session the reader does not hold (SPEC 3.10). */
    hiddenWorkspaces: z.number().int(),
    /** Failed sign-ins in the current window, over all of the account's addresses. */
    failedSignIns: z.number().int(),
    /** One of its addresses has as many failed sign-ins as the limit allows: sign-in answers 429. */
    signInLocked: z.boolean(),
  }).strict()),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
}).strict()

export const unlockSignInAnswer = z.object({ unlocked: z.literal(true), cleared: z.number().int() }).strict()

export const healthAnswer = z.object({ status: z.literal('ok') }).strict()

/** The key audit checkpoints are signed with (SPEC 3.8, 3.14): SPKI PEM, the id checkpoints name it by, and its C2SP vkey. */
export const auditPublicKeyAnswer = z.object({ algorithm: z.literal('Ed25519'), keyId: z.string(), publicKey: z.string(), vkey: z.string() }).strict()

/** Every key checkpoints were signed with (SPEC 3.14), with when each was in use; `until` null: the current key. */
export const auditKeysAnswer = z.object({
  items: z.array(z.object({ keyId: z.string(), vkey: z.string(), publicKey: z.string(), from: z.string(), until: z.string().nullable() }).strict()),
}).strict()

/** RFC 9162 inclusion proof of the leaf at `index` in the audit tree of `size` leaves (SPEC 3.14), hashes in base64. */
export const auditInclusionProofAnswer = z.object({ index: z.number().int(), size: z.number().int(), hashes: z.array(z.string()) }).strict()

/** RFC 9162 consistency proof between the audit trees of `from` and `to` leaves (SPEC 3.14), hashes in base64. */
export const auditConsistencyProofAnswer = z.object({ from: z.number().int(), to: z.number().int(), hashes: z.array(z.string()) }).strict()

/** A witness's cosignature as the server keeps it (SPEC 3.14): who cosigned which tree size, and when. */
const witnessCosignature = z.object({
  witness: z.string(), keyId: z.string(), vkey: z.string(), treeSize: z.number().int(), root: z.string(), cosignedAt: z.string(), receivedAt: z.string(),
}).strict()

/** `created` false: this witness had already cosigned this tree size; nothing changed. */
export const auditCosignatureAnswer = z.object({ cosignature: witnessCosignature, created: z.boolean() }).strict()

/** Each witness of the workspace with its last cosigning, newest first, and who first uploaded its key (null: a deleted account), when. */
export const auditWitnessesAnswer = z.object({ items: z.array(z.object({
  ...witnessCosignature.shape,
  addedBy: z.object({ id: z.number().int(), name: z.string() }).strict().nullable(),
  addedAt: z.string(),
}).strict()) }).strict()

/** A `permissions` entry (SPEC 3): allowed, or refused with the code and the message the UI shows. */
const permissionEntry = z.union([
  z.object({ authorized: z.literal(true) }).strict(),
  z.object({ authorized: z.literal(false), code: z.string(), message: z.string() }).strict(),
])

export const meAnswer = z.object({
  user: z.object({ id: z.number().int(), name: z.string(), email: z.string(), serverRole: z.enum(SERVER_ROLES) }).strict(),
  /** A server admin's active support sessions. */
  supportSessions: z.array(supportSessionAnswer),
  /** The newest live event when this was read: `GET /api/events?after=` resumes from it. */
  liveCursor: z.number().int(),
  /** Workspaces whose only Admin this user is: deleting the account is refused until someone else is Admin. */
  lastAdminOf: z.array(z.object({ slug: z.string(), name: z.string() }).strict()),
}).strict()

export const myWorkspacesAnswer = z.array(z.object({
  id: z.number().int(), slug: z.string(), name: z.string(), plan: z.enum(PLANS),
  role: z.enum(WORKSPACE_ROLES), seat: z.enum(SEATS), projectCount: z.number().int(), pendingSupportRequests: z.number().int(),
  /** Server admins who can change this workspace through support access right now: every member sees it (SPEC 3.8). */
  activeSupport: z.number().int(),
}).strict())

export const workspaceAnswer = z.object({
  workspace: z.object({
    id: z.number().int(), slug: z.string(), name: z.string(), description: z.string(), plan: z.enum(PLANS),
    discoverable: z.boolean(), autoJoin: z.boolean(), domainProtection: z.boolean(), createdAt: isoTime,
  }).strict(),
  role: z.enum(WORKSPACE_ROLES).nullable(),
  seat: z.enum(SEATS).nullable(),
  /** The caller holds an active support session here. */
  supportSession: z.boolean(),
  supportMode: z.boolean(),
  permissions: z.record(z.string(), permissionEntry),
  pendingSupportRequests: z.number().int(),
  /** Who can change this workspace through support access right now (SPEC 3.8). */
  activeSupport: z.array(z.object({
    id: z.number().int(), requestedBy: z.object({ name: z.string() }).strict(), approvedBy: z.object({ name: z.string() }).strict().nullable(), expiresAt: isoTime.nullable(),
    /** Every Admin who approved it, oldest first (two when the policy asks for two). */
    approvers: z.array(z.object({ name: z.string() }).strict()),
    /** SPEC 3.12: what the session lends, and the same in words ("Read-only · Tower"). */
    scope: supportScopeAnswer,
    scopeText: z.string(),
    /** SPEC 3.13: started under the emergency policy, without approval (the banner says **Emergency access**). */
    emergency: z.boolean(),
    /** SPEC 3.13: approved by the workspace's policy itself (a short read-only request), not by a person. */
    autoApproved: z.boolean(),
  }).strict()),
  /** SPEC 3.13: emergency sessions still waiting for an Admin's review (for those who may review; else 0). */
  unreviewedEmergencies: z.number().int(),
}).strict()
