import { sql } from 'drizzle-orm'
import { bigint, boolean, customType, index, integer, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core'
// Relative, not `#shared/…`: drizzle-kit reads this file (npm run db:generate) without Nuxt's aliases.
import { PLANS, PROJECT_ROLES, PROJECT_VISIBILITIES, SEATS, SERVER_ROLES, WORKSPACE_ROLES } from '../../../shared/roles'
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_FORMATS } from '../../../shared/webhooks/schemas'

/**
 * The PostgreSQL schema: table for table and column for column the same as schema.ts, so the services
 * run unchanged on either store. Times are integer milliseconds since the epoch in both (bigint here),
 * read and written as Date: raw comparisons, the audit hashes and the exports stay identical.
 */
const msTimestamp = customType<{ data: Date, driverData: string | number }>({
  dataType: () => 'bigint',
  toDriver: value => value.getTime(),
  fromDriver: value => new Date(Number(value)),
})
const ms = (name: string) => msTimestamp(name)
const nowMs = sql`((extract(epoch from clock_timestamp()) * 1000)::bigint)`
const createdAt = () => ms('created_at').notNull().default(nowMs)
const flag = (name: string) => boolean(name).notNull().default(false)
const enumText = <T extends readonly [string, ...string[]]>(name: string, values: T) => text(name, { enum: values as unknown as [T[number], ...T[number][]] })
const id = () => serial().primaryKey()

export const users = pgTable('users', {
  id: id(),
  name: text().notNull(),
  passwordHash: text('password_hash').notNull(),
  serverRole: enumText('server_role', SERVER_ROLES).notNull().default('user'),
  createdAt: createdAt(),
  // Server Settings → Users shows when each account last signed in (issue 35); null: never.
  lastSignInAt: ms('last_sign_in_at'),
})

export const userEmails = pgTable('user_emails', {
  id: id(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  email: text().notNull(),
  primary: flag('is_primary'),
  verifiedAt: ms('verified_at'),
  verifyTokenHash: text('verify_token_hash'),
  createdAt: createdAt(),
}, t => [
  // An address belongs to the one account that verified it; unverified claims by several accounts wait side by
  // side (so nobody blocks its owner by claiming it first), and the first to verify wins (accounts/emails.ts).
  uniqueIndex('user_emails_verified_email_unique').on(t.email).where(sql`verified_at is not null`),
  uniqueIndex('user_emails_user_email_unique').on(t.userId, t.email),
  index('user_emails_email_idx').on(t.email),
  index('user_emails_user_idx').on(t.userId),
  index('user_emails_verify_token_idx').on(t.verifyTokenHash),
])

export const authSessions = pgTable('auth_sessions', {
  id: text().primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  // SPEC 3.10: when this sign-in last proved its user with a passkey (a step-up for approving support).
  steppedUpAt: ms('stepped_up_at'),
  // SPEC 3.11 sudo mode: when this sign-in last confirmed its user (signing in, a password, a passkey).
  reauthenticatedAt: ms('reauthenticated_at'),
}, t => [index('auth_sessions_user_idx').on(t.userId), index('auth_sessions_created_idx').on(t.createdAt)])

/** A user's WebAuthn passkeys (SPEC 3.10): the public key and what the authenticator last counted. */
export const passkeys = pgTable('passkeys', {
  id: id(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  credentialId: text('credential_id').notNull(), // base64url, as the browser names it
  publicKey: text('public_key').notNull(), // base64url COSE key
  counter: integer().notNull().default(0),
  transports: text().notNull().default('[]'),
  lastUsedAt: ms('last_used_at'),
  createdAt: createdAt(),
}, t => [uniqueIndex('passkeys_credential_unique').on(t.credentialId), index('passkeys_user_idx').on(t.userId)])

/**
 * WebAuthn challenges in flight, one per ceremony (add a passkey, sign in, step up): in the database so
 * any app process can finish what another began, taken once, and only within five minutes.
 */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: text().primaryKey(),
  purpose: text().notNull(),
  userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
  challenge: text().notNull(),
  createdAt: createdAt(),
}, t => [index('webauthn_challenges_created_idx').on(t.createdAt)])

/**
 * Rate limits (issue 20), one mechanism for every limited action: one row per attempt in a bucket
 * ("sign-in:ada@acme.test", "invite-inviter:3"), counted over the limit's window. In the database, so a
 * limit holds across every app process; rows older than the longest window are pruned.
 */
export const rateLimitHits = pgTable('rate_limit_hits', {
  id: id(),
  bucket: text().notNull(),
  createdAt: createdAt(),
}, t => [index('rate_limit_hits_bucket_time_idx').on(t.bucket, t.createdAt), index('rate_limit_hits_time_idx').on(t.createdAt)])

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  tokenHash: text('token_hash').notNull(),
  lastUsedAt: ms('last_used_at'),
  createdAt: createdAt(),
}, t => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)])

export const workspaces = pgTable('workspaces', {
  id: id(),
  slug: text().notNull(),
  name: text().notNull(),
  description: text().notNull().default(''),
  plan: enumText('plan', PLANS).notNull().default('free'),
  discoverable: flag('discoverable'),
  autoJoin: flag('auto_join'),
  domainProtection: flag('domain_protection'),
  supportRequireReason: flag('support_require_reason'),
  supportMaxSessionHours: integer('support_max_session_hours'),
  supportApprovalsRequired: integer('support_approvals_required').notNull().default(1),
  supportPendingTtlHours: integer('support_pending_ttl_hours').notNull().default(72),
  // SPEC 3.10: server admins read this workspace's data only during an approved support session.
  supportReadsRequireSession: flag('support_reads_require_session'),
  // SPEC 3.10: approving or revoking a support session needs the Admin's passkey, used in the last 5 minutes.
  supportApprovalRequiresPasskey: flag('support_approval_requires_passkey'),
  // SPEC 3.12: the widest access a request may ask for, whether a ticket is required, and how a ticket links.
  supportMaxAccess: text('support_max_access').notNull().default('write'),
  supportRequireTicket: flag('support_require_ticket'),
  supportTicketUrlTemplate: text('support_ticket_url_template'),
  // SPEC 3.13: emergency access (a server admin starts a session at once, reviewed afterwards), automatic
  // approval of read-only requests ending within this many hours (null: never), and a reminder to the
  // Admins about a request still pending this many minutes after it was made (null: none).
  supportEmergencyAccess: flag('support_emergency_access'),
  supportAutoApproveReadHours: integer('support_auto_approve_read_hours'),
  supportRemindAfterMinutes: integer('support_remind_after_minutes').default(30),
  createdAt: createdAt(),
}, t => [
  uniqueIndex('workspaces_slug_unique').on(t.slug),
  // The few whose reads need a session: server-wide views ask which to hide (SPEC 3.10) without a scan.
  index('workspaces_session_only_idx').on(t.id).where(sql`support_reads_require_session`),
])

export const workspaceDomains = pgTable('workspace_domains', {
  id: id(),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  domain: text().notNull(),
  createdAt: createdAt(),
}, t => [uniqueIndex('workspace_domains_unique').on(t.workspaceId, t.domain), index('workspace_domains_domain_idx').on(t.domain)])

export const workspaceMembers = pgTable('workspace_members', {
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: enumText('role', WORKSPACE_ROLES).notNull(),
  seat: enumText('seat', SEATS).notNull(),
  joinedAt: ms('joined_at').notNull().default(nowMs),
}, t => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('workspace_members_user_idx').on(t.userId)])

export const workspaceInvites = pgTable('workspace_invites', {
  id: id(),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  email: text().notNull(),
  role: enumText('role', WORKSPACE_ROLES).notNull(),
  seat: enumText('seat', SEATS).notNull(),
  invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
  status: enumText('status', ['pending', 'accepted', 'revoked', 'declined']).notNull().default('pending'),
  supportSessionId: integer('support_session_id'),
  createdAt: createdAt(),
  acceptedAt: ms('accepted_at'),
}, t => [index('workspace_invites_workspace_idx').on(t.workspaceId, t.status), index('workspace_invites_email_idx').on(t.email, t.status)])

export const workspaceJoinRequests = pgTable('workspace_join_requests', {
  id: id(),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  status: enumText('status', ['pending', 'approved', 'denied']).notNull().default('pending'),
  decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
  decidedAt: ms('decided_at'),
  supportSessionId: integer('support_session_id'),
  createdAt: createdAt(),
}, t => [index('workspace_join_requests_workspace_idx').on(t.workspaceId, t.status), index('workspace_join_requests_user_idx').on(t.userId)])

export const projects = pgTable('projects', {
  id: id(),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  description: text().notNull().default(''),
  visibility: enumText('visibility', PROJECT_VISIBILITIES).notNull().default('workspace'),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: ms('updated_at').notNull().default(nowMs),
}, t => [index('projects_workspace_idx').on(t.workspaceId)])

export const projectRoles = pgTable('project_roles', {
  projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: enumText('role', PROJECT_ROLES).notNull(),
  createdAt: createdAt(),
}, t => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_roles_user_idx').on(t.userId)])

export const models = pgTable('models', {
  id: id(),
  projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
}, t => [index('models_project_idx').on(t.projectId)])

export const versions = pgTable('versions', {
  id: id(),
  modelId: integer('model_id').notNull().references(() => models.id, { onDelete: 'cascade' }),
  message: text().notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
}, t => [index('versions_model_idx').on(t.modelId)])

export const comments = pgTable('comments', {
  id: id(),
  projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  text: text().notNull(),
  createdAt: createdAt(),
}, t => [index('comments_project_idx').on(t.projectId)])

export const supportSessions = pgTable('support_sessions', {
  id: id(),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  requestedBy: integer('requested_by').notNull(),
  reason: text().notNull().default(''),
  status: enumText('status', ['pending', 'scheduled', 'active', 'revoked', 'expired']).notNull().default('pending'),
  expiresAt: ms('expires_at'),
  createdAt: createdAt(),
  approvedBy: integer('approved_by'),
  approvedAt: ms('approved_at'),
  revokedBy: integer('revoked_by'),
  revokedAt: ms('revoked_at'),
  reminderSentAt: ms('reminder_sent_at'),
  approvalsRequired: integer('approvals_required').notNull().default(1),
  lapsesAt: ms('lapses_at'),
  // SPEC 3.12: what the session lends, as JSON {access, projects}; one column, so the standing query
  // reads it with the session id in one more scalar subquery over the same index.
  scope: text().notNull().default('{"access":"write","projects":"all"}'),
  // SPEC 3.12: the session lasts this long from its activation (its expiry is set then), not before startsAt.
  durationMinutes: integer('duration_minutes'),
  startsAt: ms('starts_at'),
  ticket: text(),
  // SPEC 3.13: started at once by a server admin under the emergency policy, or approved by the policy itself.
  emergency: flag('emergency'),
  autoApproved: flag('auto_approved'),
  // SPEC 3.13: when the Admins were reminded of this request still pending (once; the guarded update claims it).
  pendingReminderSentAt: ms('pending_reminder_sent_at'),
  // SPEC 3.13: a workspace Admin's review of an emergency session, and the last daily reminder until then.
  reviewVerdict: text('review_verdict'),
  reviewedBy: integer('reviewed_by'),
  reviewedAt: ms('reviewed_at'),
  reviewComment: text('review_comment'),
  reviewRemindedAt: ms('review_reminded_at'),
}, t => [
  index('support_sessions_workspace_idx').on(t.workspaceId, t.status),
  index('support_sessions_requester_idx').on(t.requestedBy, t.status, t.workspaceId),
  index('support_sessions_expiry_idx').on(t.status, t.expiresAt),
])

export const supportApprovals = pgTable('support_approvals', {
  sessionId: integer('session_id').notNull().references(() => supportSessions.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull(),
  approvedAt: ms('approved_at').notNull(),
  // What the approving Admin told the requester (SPEC 3.7 approver controls), shown with the approval.
  comment: text(),
}, t => [primaryKey({ columns: [t.sessionId, t.userId] })])

/**
 * More time asked for by the holder of an active session (SPEC 3.7): approved or declined by the
 * workspace's Admins like a request; approval moves the session's `expires_at`.
 */
export const supportExtensions = pgTable('support_extensions', {
  id: id(),
  sessionId: integer('session_id').notNull().references(() => supportSessions.id, { onDelete: 'cascade' }),
  expiresAt: ms('expires_at').notNull(),
  reason: text().notNull().default(''),
  status: enumText('status', ['pending', 'approved', 'declined']).notNull().default('pending'),
  createdAt: createdAt(),
  // The first of two approvals when the policy asks for two (never more than two).
  firstApprovedBy: integer('first_approved_by'),
  decidedBy: integer('decided_by'),
  decidedAt: ms('decided_at'),
}, t => [index('support_extensions_session_idx').on(t.sessionId)])

export const auditEvents = pgTable('audit_events', {
  id: id(),
  workspaceId: integer('workspace_id'),
  actorId: integer('actor_id'),
  supportSessionId: integer('support_session_id'),
  action: text().notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  data: text().notNull().default('{}'),
  createdAt: ms('created_at').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text().notNull(),
}, t => [
  index('audit_events_workspace_idx').on(t.workspaceId, t.id),
  // Where a support session's events begin and end: its request and its end, found by session. Its changes
  // are read between the two through the workspace index, so a support write updates no index of its own.
  index('audit_events_session_bounds_idx').on(t.supportSessionId, t.id).where(sql`action in ('support.requested', 'support.revoked', 'support.expired')`),
  // Server admins' reads (SPEC 3.10): the access log, newest first, and the ten-minute check for a repeat.
  index('audit_events_access_idx').on(t.workspaceId, t.createdAt).where(sql`action = 'access.read'`),
])

export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: text().primaryKey(),
  prevHash: text('prev_hash').notNull(),
  hash: text().notNull(),
  events: integer().notNull(),
})

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' })

/** The audit chains' tiled Merkle trees, as in schema.ts; written by the `audit_tree_append` function (migration 0024). */
export const auditTree = pgTable('audit_subtrees', {
  chain: text().notNull(),
  level: integer().notNull(),
  idx: bigint({ mode: 'number' }).notNull(),
  hash: bytea().notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
}, t => [primaryKey({ columns: [t.chain, t.level, t.idx] })])

/**
 * Witness cosignatures (SPEC 3.14, c2sp.org/tlog-cosignature) of this workspace's signed checkpoints: a
 * witness the workspace runs checked that the log only grew, then signed its checkpoint. One row per
 * witness key and tree size; the checkpoint route appends them to the note of that size.
 */
export const auditCosignatures = pgTable('audit_cosignatures', {
  id: id(),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  witnessName: text('witness_name').notNull(),
  /** The witness's vkey (signature type 0x04) and its 8 hex digit key ID. */
  vkey: text().notNull(),
  keyId: text('key_id').notNull(),
  treeSize: integer('tree_size').notNull(),
  /** Base64 root hash of the cosigned checkpoint. */
  root: text().notNull(),
  /** The cosignature line's base64 (key ID, timestamp, Ed25519 signature), as the note carries it. */
  signature: text().notNull(),
  cosignedAt: ms('cosigned_at').notNull(),
  uploadedBy: integer('uploaded_by'),
  receivedAt: ms('received_at').notNull().default(nowMs),
}, t => [
  uniqueIndex('audit_cosignatures_witness_size_idx').on(t.workspaceId, t.vkey, t.treeSize),
  index('audit_cosignatures_size_idx').on(t.workspaceId, t.treeSize),
])

export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: id(),
  workspaceId: integer('workspace_id').notNull(),
  events: integer().notNull(),
  head: text().notNull(),
  at: ms('at').notNull(),
  keyId: text('key_id').notNull(),
  signature: text().notNull(),
}, t => [index('audit_checkpoints_workspace_idx').on(t.workspaceId, t.id)])

/** See sqlite/schema.ts: the public keys audit checkpoints were signed with, never a private one. */
export const auditSigningKeys = pgTable('audit_signing_keys', {
  keyId: text('key_id').primaryKey(),
  publicKey: text('public_key').notNull(),
  firstUsedAt: ms('first_used_at').notNull(),
  retiredAt: ms('retired_at'),
})

export const liveEvents = pgTable('live_events', {
  id: id(),
  workspaceId: integer('workspace_id').notNull(),
  payload: text().notNull(),
  // Who of the workspace may hear it: everyone in it, or only its Admins (SPEC 3.10 access log).
  adminsOnly: flag('admins_only'),
  createdAt: createdAt(),
})

export const webhooks = pgTable('webhooks', {
  id: id(),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  url: text().notNull(),
  events: text().notNull(),
  format: enumText('format', WEBHOOK_FORMATS).notNull(),
  secret: text().notNull(),
  enabled: boolean().notNull().default(true),
  createdBy: integer('created_by'),
  /**
   * The support session under which the endpoint, its address or its secret was last set (SPEC 3.6):
   * the webhook delivers only while that session is active, until a workspace Admin sets it again.
   */
  supportSessionId: integer('support_session_id'),
  createdAt: createdAt(),
}, t => [
  index('webhooks_workspace_idx').on(t.workspaceId),
  // The upkeep's look for webhooks whose session ended (services/webhooks/session-tie.ts) reads only the tied ones.
  index('webhooks_session_tie_idx').on(t.supportSessionId).where(sql`support_session_id is not null`),
])

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: id(),
  webhookId: integer('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  eventId: text('event_id').notNull(),
  event: text().notNull(),
  /** The workspace whose event this is (null: a server test event): server-wide views show it only as the read gate would (SPEC 3.10). */
  workspaceId: integer('workspace_id'),
  body: text().notNull(),
  status: enumText('status', WEBHOOK_DELIVERY_STATUSES).notNull().default('pending'),
  attempts: integer().notNull().default(0),
  nextAttemptAt: ms('next_attempt_at').notNull(),
  lockedUntil: ms('locked_until'),
  responseStatus: integer('response_status'),
  durationMs: integer('duration_ms'),
  lastError: text('last_error'),
  /** What the receiver answered, its first 2 KB: the delivery log shows it. */
  responseBody: text('response_body'),
  createdAt: createdAt(),
  deliveredAt: ms('delivered_at'),
}, t => [
  index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
])

export const emailOutbox = pgTable('email_outbox', {
  id: id(),
  to: text().notNull(),
  subject: text().notNull(),
  text: text().notNull(),
  html: text().notNull(),
  /** The workspace whose change this mail announces (null: an account's own mail): Server Settings → Emails shows it only as the read gate would (SPEC 3.10). */
  workspaceId: integer('workspace_id'),
  createdAt: createdAt(),
  sentAt: ms('sent_at'),
  attempts: integer().notNull().default(0),
  nextAttemptAt: ms('next_attempt_at'),
  lastError: text('last_error'),
}, t => [index('email_outbox_due_idx').on(t.sentAt, t.nextAttemptAt)])

/** Moves whenever a workspace is added, renamed or removed (triggers in the migrations), so every process refreshes its admin search. */
export const workspacesVersion = pgTable('workspaces_version', {
  id: integer().primaryKey(),
  version: bigint({ mode: 'number' }).notNull(),
})
