import { sql } from 'drizzle-orm'
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
// Relative, not `#shared/…`: drizzle-kit reads this file (npm run db:generate) without Nuxt's aliases.
import { PLANS, PROJECT_ROLES, PROJECT_VISIBILITIES, SEATS, SERVER_ROLES, WORKSPACE_ROLES } from '../../../shared/roles'
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_FORMATS } from '../../../shared/webhooks/schemas'

/** Milliseconds since the epoch, read and written as Date. */
const ms = (name: string) => integer(name, { mode: 'timestamp_ms' })
const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`
const createdAt = () => ms('created_at').notNull().default(nowMs)
const flag = (name: string) => integer(name, { mode: 'boolean' }).notNull().default(false)

export const users = sqliteTable('users', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  passwordHash: text('password_hash').notNull(),
  serverRole: text('server_role', { enum: SERVER_ROLES }).notNull().default('user'),
  createdAt: createdAt(),
  // Server Settings → Users shows when each account last signed in (issue 35); null: never.
  lastSignInAt: ms('last_sign_in_at'),
})

export const userEmails = sqliteTable('user_emails', {
  id: integer().primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  email: text().notNull(), // always lower case
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

/** Server-side half of a sign-in: the sealed cookie holds only this id, so signing out really ends it. */
export const authSessions = sqliteTable('auth_sessions', {
  id: text().primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  // SPEC 3.10: when this sign-in last proved its user with a passkey (a step-up for approving support).
  steppedUpAt: ms('stepped_up_at'),
  // SPEC 3.11 sudo mode: when this sign-in last confirmed its user (signing in, a password, a passkey).
  reauthenticatedAt: ms('reauthenticated_at'),
}, t => [index('auth_sessions_user_idx').on(t.userId), index('auth_sessions_created_idx').on(t.createdAt)])

/** A user's WebAuthn passkeys (SPEC 3.10): the public key and what the authenticator last counted. */
export const passkeys = sqliteTable('passkeys', {
  id: integer().primaryKey({ autoIncrement: true }),
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
export const webauthnChallenges = sqliteTable('webauthn_challenges', {
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
export const rateLimitHits = sqliteTable('rate_limit_hits', {
  id: integer().primaryKey({ autoIncrement: true }),
  bucket: text().notNull(),
  createdAt: createdAt(),
}, t => [index('rate_limit_hits_bucket_time_idx').on(t.bucket, t.createdAt), index('rate_limit_hits_time_idx').on(t.createdAt)])

export const apiTokens = sqliteTable('api_tokens', {
  id: integer().primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  tokenHash: text('token_hash').notNull(), // SHA-256 hex; the token itself is shown once
  lastUsedAt: ms('last_used_at'),
  createdAt: createdAt(),
}, t => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)])

export const workspaces = sqliteTable('workspaces', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull(),
  name: text().notNull(),
  description: text().notNull().default(''),
  plan: text({ enum: PLANS }).notNull().default('free'),
  discoverable: flag('discoverable'),
  autoJoin: flag('auto_join'),
  domainProtection: flag('domain_protection'),
  // The workspace's support policy (SPEC 3.7); a request is checked against it when it is made.
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
  // NOCASE lets SQLite answer the admin search (`LIKE 'prefix%'`, case-insensitive) from these indexes.
  index('workspaces_name_nocase_idx').on(sql`${t.name} collate nocase`),
  index('workspaces_slug_nocase_idx').on(sql`${t.slug} collate nocase`),
  // The few whose reads need a session: server-wide views ask which to hide (SPEC 3.10) without a scan.
  index('workspaces_session_only_idx').on(t.id).where(sql`support_reads_require_session`),
])

export const workspaceDomains = sqliteTable('workspace_domains', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  domain: text().notNull(),
  createdAt: createdAt(),
}, t => [uniqueIndex('workspace_domains_unique').on(t.workspaceId, t.domain), index('workspace_domains_domain_idx').on(t.domain)])

export const workspaceMembers = sqliteTable('workspace_members', {
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text({ enum: WORKSPACE_ROLES }).notNull(),
  seat: text({ enum: SEATS }).notNull(),
  joinedAt: ms('joined_at').notNull().default(nowMs),
}, t => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('workspace_members_user_idx').on(t.userId)])

export const workspaceInvites = sqliteTable('workspace_invites', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  email: text().notNull(),
  role: text({ enum: WORKSPACE_ROLES }).notNull(),
  seat: text({ enum: SEATS }).notNull(),
  invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
  status: text({ enum: ['pending', 'accepted', 'revoked', 'declined'] }).notNull().default('pending'),
  /** Set when made under a support session: such an invite is never accepted by its creator (SPEC 3.6). */
  supportSessionId: integer('support_session_id'),
  createdAt: createdAt(),
  acceptedAt: ms('accepted_at'),
}, t => [index('workspace_invites_workspace_idx').on(t.workspaceId, t.status), index('workspace_invites_email_idx').on(t.email, t.status)])

export const workspaceJoinRequests = sqliteTable('workspace_join_requests', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  status: text({ enum: ['pending', 'approved', 'denied'] }).notNull().default('pending'),
  decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
  decidedAt: ms('decided_at'),
  /** Set when the requester held a support session for the workspace: never approved (SPEC 3.6). */
  supportSessionId: integer('support_session_id'),
  createdAt: createdAt(),
}, t => [index('workspace_join_requests_workspace_idx').on(t.workspaceId, t.status), index('workspace_join_requests_user_idx').on(t.userId)])

export const projects = sqliteTable('projects', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  description: text().notNull().default(''),
  visibility: text({ enum: PROJECT_VISIBILITIES }).notNull().default('workspace'),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: ms('updated_at').notNull().default(nowMs),
}, t => [index('projects_workspace_idx').on(t.workspaceId)])

export const projectRoles = sqliteTable('project_roles', {
  projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text({ enum: PROJECT_ROLES }).notNull(),
  createdAt: createdAt(),
}, t => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_roles_user_idx').on(t.userId)])

export const models = sqliteTable('models', {
  id: integer().primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
}, t => [index('models_project_idx').on(t.projectId)])

export const versions = sqliteTable('versions', {
  id: integer().primaryKey({ autoIncrement: true }),
  modelId: integer('model_id').notNull().references(() => models.id, { onDelete: 'cascade' }),
  message: text().notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
}, t => [index('versions_model_idx').on(t.modelId)])

export const comments = sqliteTable('comments', {
  id: integer().primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  text: text().notNull(),
  createdAt: createdAt(),
}, t => [index('comments_project_idx').on(t.projectId)])

export const supportSessions = sqliteTable('support_sessions', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  // The people a session names are kept by id without a foreign key: deleting an account keeps its
  // sessions and the names on them (SPEC 3.6, shown as "Deleted user"); user ids are never reused.
  requestedBy: integer('requested_by').notNull(),
  reason: text().notNull().default(''),
  // `expired` is stored once the upkeep job has noticed the expiry; access ends at `expires_at` regardless.
  status: text({ enum: ['pending', 'scheduled', 'active', 'revoked', 'expired'] }).notNull().default('pending'),
  expiresAt: ms('expires_at'),
  createdAt: createdAt(),
  approvedBy: integer('approved_by'),
  approvedAt: ms('approved_at'),
  revokedBy: integer('revoked_by'),
  revokedAt: ms('revoked_at'),
  reminderSentAt: ms('reminder_sent_at'),
  // Taken from the workspace's policy when the request is made, so a later policy change cannot
  // activate or lapse a request that was made under the old one.
  approvalsRequired: integer('approvals_required').notNull().default(1),
  // A request still pending at this time is reported `expired` (SPEC 3.7 pendingTtlHours).
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

/** Each workspace Admin's approval of a support request; two are needed when the policy asks for two. */
export const supportApprovals = sqliteTable('support_approvals', {
  sessionId: integer('session_id').notNull().references(() => supportSessions.id, { onDelete: 'cascade' }),
  // Kept by id without a foreign key, like the people on a session (a deleted approver stays named).
  userId: integer('user_id').notNull(),
  approvedAt: ms('approved_at').notNull(),
  // What the approving Admin told the requester (SPEC 3.7 approver controls), shown with the approval.
  comment: text(),
}, t => [primaryKey({ columns: [t.sessionId, t.userId] })])

/**
 * More time asked for by the holder of an active session (SPEC 3.7): approved or declined by the
 * workspace's Admins like a request; approval moves the session's `expires_at`.
 */
export const supportExtensions = sqliteTable('support_extensions', {
  id: integer().primaryKey({ autoIncrement: true }),
  sessionId: integer('session_id').notNull().references(() => supportSessions.id, { onDelete: 'cascade' }),
  expiresAt: ms('expires_at').notNull(),
  reason: text().notNull().default(''),
  status: text({ enum: ['pending', 'approved', 'declined'] }).notNull().default('pending'),
  createdAt: createdAt(),
  // The first of two approvals when the policy asks for two (never more than two).
  firstApprovedBy: integer('first_approved_by'),
  decidedBy: integer('decided_by'),
  decidedAt: ms('decided_at'),
}, t => [index('support_extensions_session_idx').on(t.sessionId)])

/** Append-only (triggers refuse UPDATE and DELETE); each row carries the hash of the one before it. */
export const auditEvents = sqliteTable('audit_events', {
  id: integer().primaryKey({ autoIncrement: true }),
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

/**
 * The head of each audit chain (a workspace's id, or "server"): PostgreSQL appends an event and moves
 * its chain's head in one statement, the head row's lock keeping each chain's appends in turn across
 * processes. SQLite's one writer finds the head by the events' index instead and leaves this table empty.
 */
export const auditChainHeads = sqliteTable('audit_chain_heads', {
  chain: text().primaryKey(),
  prevHash: text('prev_hash').notNull(),
  hash: text().notNull(),
  events: integer().notNull(),
})

/**
 * Each audit chain as an RFC 6962 Merkle tree (SPEC 3.14), tiled (shared/transparency/tiles.ts): one row per
 * PERFECT subtree of at least 16 leaves, the hash of leaves [idx * 2^level, (idx + 1) * 2^level) of the chain
 * (a workspace's id, or "server"), and the id of the last event it covers. The levels below are recomputed
 * from the events of their tile of sixteen. Written when an append completes a tile, in its transaction (the
 * tile's root and about one subtree above it), never changed after. A hand-edited WITHOUT ROWID in its
 * migration keeps it one b-tree: one page written per row, not two.
 */
export const auditTree = sqliteTable('audit_subtrees', {
  chain: text().notNull(),
  level: integer().notNull(),
  idx: integer().notNull(),
  hash: blob({ mode: 'buffer' }).notNull(),
  eventId: integer('event_id').notNull(),
}, t => [primaryKey({ columns: [t.chain, t.level, t.idx] })])

/**
 * Witness cosignatures (SPEC 3.14, c2sp.org/tlog-cosignature) of this workspace's signed checkpoints: a
 * witness the workspace runs checked that the log only grew, then signed its checkpoint. One row per
 * witness key and tree size; the checkpoint route appends them to the note of that size.
 */
export const auditCosignatures = sqliteTable('audit_cosignatures', {
  id: integer().primaryKey({ autoIncrement: true }),
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

/**
 * Signed heads of a workspace's audit chain (SPEC 3.8): made at every export, at every session end and
 * daily when the chain moved, and sent to the workspace, which keeps copies the server cannot take back.
 * Kept here too so the daily job knows what was signed last.
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').notNull(),
  events: integer().notNull(),
  head: text().notNull(),
  at: ms('at').notNull(),
  keyId: text('key_id').notNull(),
  signature: text().notNull(),
}, t => [index('audit_checkpoints_workspace_idx').on(t.workspaceId, t.id)])

/**
 * The public halves of every key the server has signed audit checkpoints with (SPEC 3.14,
 * `GET /api/audit/keys`), so a checkpoint signed before a rotation still verifies. The private key is
 * never stored here: whoever can rewrite the database must not be able to sign with it.
 */
export const auditSigningKeys = sqliteTable('audit_signing_keys', {
  keyId: text('key_id').primaryKey(),
  publicKey: text('public_key').notNull(),
  firstUsedAt: ms('first_used_at').notNull(),
  retiredAt: ms('retired_at'),
})

/**
 * Live updates waiting to reach open browser tabs (SPEC 3.8), written in the transaction of the change
 * they announce. Every server process tails this table and feeds its own streams, so a change made by
 * one process reaches tabs connected to another. Only the newest rows are kept.
 */
export const liveEvents = sqliteTable('live_events', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').notNull(),
  payload: text().notNull(),
  // Who of the workspace may hear it: everyone in it, or only its Admins (SPEC 3.10 access log).
  adminsOnly: flag('admins_only'),
  createdAt: createdAt(),
})

/**
 * Outgoing webhooks (SPEC 3.9): a workspace's own, or server-wide (no workspace) for every workspace's
 * events. The secret signs each delivery, so it is kept as is; the API shows it only once.
 */
export const webhooks = sqliteTable('webhooks', {
  id: integer().primaryKey({ autoIncrement: true }),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  url: text().notNull(),
  /** JSON array of event types. */
  events: text().notNull(),
  format: text({ enum: WEBHOOK_FORMATS }).notNull(),
  secret: text().notNull(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
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

/**
 * One event on its way to one endpoint, queued in the transaction of the change it announces and sent
 * by the background worker. `locked_until` is a claim: a guarded update gives each attempt to exactly
 * one server process, and a claim left by a process that died mid-delivery lapses so another retries.
 */
export const webhookDeliveries = sqliteTable('webhook_deliveries', {
  id: integer().primaryKey({ autoIncrement: true }),
  webhookId: integer('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  eventId: text('event_id').notNull(),
  event: text().notNull(),
  /** The workspace whose event this is (null: a server test event): server-wide views show it only as the read gate would (SPEC 3.10). */
  workspaceId: integer('workspace_id'),
  /** The request body as rendered when queued (JSON envelope or Slack text). */
  body: text().notNull(),
  status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
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

export const emailOutbox = sqliteTable('email_outbox', {
  id: integer().primaryKey({ autoIncrement: true }),
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
