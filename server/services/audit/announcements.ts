import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import type { Announced, RecordedChange, WebhookPayload } from '../announced'
import { sendInviteEmail, notifyJoinRequest } from '../workspaces/membership-mail'
import { notifyApprovalNeeded, notifyApproved, notifyExtensionDecided, notifyExtensionRequested, notifyExpiringSoon, notifyRequestClosed, notifyRequested, notifyRequestLapsed, notifySessionEnded } from '../support/notifications'
import { getSession } from '../support/queries'
import type { SupportSessionView } from '../support/session-view'
import { notifyPolicyChanged } from '../support/policy-mail'
import { notifyStarted } from '../support/scope-mail'
import { notifyAutoApproved, notifyEmergency, notifyPendingReminder, notifyReviewReminder } from '../support/on-call-mail'
import { expiredPayload, memberAdded, memberChanged, memberRemoved, policyChangedPayload, supportPayload } from '../webhooks/payloads'
import { queueWebhooksFor } from '../webhooks/queue'
import { notifyAccountChange } from '../accounts/security-mail'
import { tables } from '../../database'
import { prepareAs, preparedOnce } from '../../database/prepared'
import { publishLive } from '../live/bus'
import { publishLentChange } from '../live/lent-changes'
import { supportLiveEvent } from '../support/live'
import { isSupportChange } from '#shared/audit-sentences'

interface Announcement {
  /** The webhook event this change is (SPEC 3.9) with its documented data, or null when it is none. */
  webhook?: (announced: Announced) => WebhookPayload | null | Promise<WebhookPayload | null>
  /** Open tabs of everyone the support session concerns follow it (SPEC 3.8). */
  live?: 'supportSession'
  /** The emails the change sends, queued in its transaction. */
  mail?: (announced: Announced) => Promise<void>
}

/** A change to someone's own account, mailed to them (they are its actor: nobody else changes it). */
const toAccountOwner: Announcement = { mail: a => notifyAccountChange(a.db, a.change.action, a.actor, a.change.data) }

/**
 * The one table of what each audited action announces (issue 19). Recording a change appends its audit
 * event and then does exactly what its row says, in the same transaction: nothing else publishes a live
 * event, queues a webhook or sends mail about a change, so a new action only needs its row here.
 * Actions without a row announce nothing beyond their audit event.
 */
export const ANNOUNCEMENTS: Record<string, Announcement> = {
  // A request the policy approves at once (SPEC 3.13) is mailed once, as approved automatically.
  'support.requested': { webhook: a => supportPayload('support.requested', a), live: 'supportSession', mail: async a => (a.change.data.autoApproved ? undefined : notifyRequested(a.db, await a.session())) },
  'support.approved': {
    webhook: a => supportPayload('support.approved', a),
    live: 'supportSession',
    mail: async (a) => {
      const session = await a.session()
      if (a.change.data.auto) return notifyAutoApproved(a.db, session)
      // The last approval starts the session; an earlier one asks the other Admins for theirs (SPEC 3.7).
      if (session.status === 'active' || session.status === 'scheduled') await notifyApproved(a.db, session, a.actor!, a.change.data.comment ? String(a.change.data.comment) : null)
      else await notifyApprovalNeeded(a.db, session, a.actor!)
    },
  },
  'support.revoked': {
    webhook: a => supportPayload(a.change.data.byRequester ? 'support.ended' : 'support.revoked', a),
    live: 'supportSession',
    mail: async (a) => {
      const session = await a.session()
      const byRequester = Boolean(a.change.data.byRequester)
      // An active session ends with a report of its changes; a request that never started is only closed.
      if (session.approvedAt) await notifySessionEnded(a.db, session, byRequester ? { kind: 'ended' } : { kind: 'revoked', by: a.actor! })
      else if (!a.change.data.accountDeleted) await notifyRequestClosed(a.db, session, a.actor!, byRequester)
    },
  },
  'support.expired': {
    webhook: expiredPayload,
    live: 'supportSession',
    mail: async (a) => {
      const session = await a.session()
      if (session.approvedAt) await notifySessionEnded(a.db, session, { kind: 'expired' })
      else if (a.change.data.lapsed) await notifyRequestLapsed(a.db, session)
    },
  },
  // SPEC 3.12: a scheduled session reached its start; the requester, open tabs and webhooks hear it.
  'support.started': { webhook: a => supportPayload('support.started', a), live: 'supportSession', mail: async a => notifyStarted(a.db, await a.session()) },
  'support.reminded': { mail: async a => notifyExpiringSoon(a.db, await a.session()) },
  // SPEC 3.13: emergency access tells every Admin at once, open tabs and webhooks; its review and the
  // reminders (a request still waiting, an emergency not yet reviewed) reach the Admins.
  'support.emergency': { webhook: a => supportPayload('support.emergency', a), live: 'supportSession', mail: async a => notifyEmergency(a.db, await a.session()) },
  'support.reviewed': { live: 'supportSession' },
  'support.request_reminded': { mail: async a => notifyPendingReminder(a.db, await a.session()) },
  'support.review_reminded': { mail: async a => notifyReviewReminder(a.db, await a.session()) },
  'support.extension_requested': { live: 'supportSession', mail: async a => notifyExtensionRequested(a.db, await a.session(), a.change.data) },
  'support.extension_approved': { live: 'supportSession', mail: async a => notifyExtensionDecided(a.db, await a.session(), a.actor!, a.change.data) },
  'support.extension_declined': { live: 'supportSession', mail: async a => notifyExtensionDecided(a.db, await a.session(), a.actor!, a.change.data) },
  // SPEC 3.11: the policy decides who gets in, so every Admin hears of each change, and so can a webhook.
  'support.policy_changed': {
    webhook: policyChangedPayload,
    mail: a => notifyPolicyChanged(a.db, a.workspace!, a.actor, (a.change.data.changes ?? {}) as Record<string, { from: unknown, to: unknown }>),
  },
  'invite.created': { mail: a => sendInviteEmail(a.db, a.workspace!, a.actor!, { id: a.change.targetId!, email: String(a.change.data.email) }) },
  'invite.accepted': { webhook: a => memberAdded('invite', a) },
  'member.auto_joined': { webhook: a => memberAdded('auto_join', a) },
  'join_request.created': { mail: a => notifyJoinRequest(a.db, a.workspace!, a.actor!) },
  'join_request.approved': { webhook: a => memberAdded('join_request', a) },
  // Adding an outsider to a project brings them into the workspace as a Guest (SPEC 3.3).
  'collaborator.set': { webhook: a => (a.change.data.addedAsGuest ? memberAdded('project', a) : a.change.data.seatUpgraded ? memberChanged(a) : null) },
  'member.removed': { webhook: memberRemoved },
  'member.updated': { webhook: memberChanged },
  // Sensitive account changes (SPEC 3.11), in the server's chain: told to the account's primary address.
  'passkey.added': toAccountOwner,
  'passkey.removed': toAccountOwner,
  'token.created': toAccountOwner,
  'token.deleted': toAccountOwner,
  'email.added': toAccountOwner,
}

/**
 * Any other change a support session lent (SPEC 3.8): open Support pages show each session's change
 * count and its Support activity, so its tabs hear of the session at once, not after a reload (issue 35).
 */
const LENT_CHANGE: Announcement = { live: 'supportSession' }

/** What recording a change announces: its action's row, or, for a change a session lent, its session's live event. */
function announcementOf(change: { action: string, supportSessionId?: number | null }): Announcement | undefined {
  if (Object.hasOwn(ANNOUNCEMENTS, change.action)) return ANNOUNCEMENTS[change.action]
  return change.supportSessionId != null && isSupportChange(change.action) ? LENT_CHANGE : undefined
}

/** Whether recording a change does anything beyond appending its audit event. */
export const announces = (change: { action: string, supportSessionId?: number | null }) => announcementOf(change) !== undefined

// The people and workspaces announcements name, read by statements prepared once per connection: every
// announced change reads one or both, inside its write (useDb() answers that write's transaction).
const personById = preparedOnce((db) => {
  const u = tables.users
  return prepareAs('announced_person', db.select({ id: u.id, name: u.name }).from(u).where(eq(u.id, sql.placeholder('id'))))
})
const workspaceById = preparedOnce((db) => {
  const w = tables.workspaces
  return prepareAs('announced_workspace', db.select({ id: w.id, slug: w.slug, name: w.name }).from(w).where(eq(w.id, sql.placeholder('id'))))
})

async function personOf(id: number | null) {
  if (id === null) return null
  const [user] = await personById().execute({ id })
  return user ?? null
}

async function workspaceOf(id: number | null) {
  if (id === null) return null
  const [workspace] = await workspaceById().execute({ id })
  return workspace ?? null
}

/** Whether a change announces only its lending session's live event (`announceLentChange`). */
export const isLentChange = (change: { action: string, supportSessionId?: number | null }) => announcementOf(change) === LENT_CHANGE

/**
 * A lent change tells only that its session moved: the session is active (it lent the change) and held by
 * the change's actor, so no session view is read, and nothing of its audit event either, which therefore
 * travels with the COMMIT (record.ts); a burst of them shares its tabs' wake-ups (live/lent-changes.ts). The view (approvals, scope words, change count) cost a support
 * write several times an owner's write in the bench (issue 33: ratio 0.25, target 0.90).
 */
export async function announceLentChange(db: DbOrTx, change: Pick<RecordedChange, 'workspaceId' | 'supportSessionId' | 'actorId'>): Promise<void> {
  if (change.workspaceId === null || change.supportSessionId == null || change.actorId === null) return
  const slug = await workspaceSlugOf(change.workspaceId)
  if (slug === null) return
  await publishLentChange(db, { workspace: { id: change.workspaceId, slug }, sessionId: change.supportSessionId, actorId: change.actorId })
}

/**
 * A workspace's address never changes (no route renames one, and ids are never reused), so a process
 * remembers the ones its lent changes announced instead of reading them with every write.
 */
const knownSlugs = new Map<number, string>()
async function workspaceSlugOf(id: number): Promise<string | null> {
  const known = knownSlugs.get(id)
  if (known !== undefined) return known
  const workspace = await workspaceOf(id)
  if (!workspace) return null
  if (knownSlugs.size >= 10_000) knownSlugs.clear()
  knownSlugs.set(id, workspace.slug)
  return workspace.slug
}

/** Does what the table says for a change just recorded, in its transaction. */
export async function announce(db: DbOrTx, change: RecordedChange): Promise<void> {
  const row = announcementOf(change)
  if (!row) return
  if (row === LENT_CHANGE) return announceLentChange(db, change)
  let session: Promise<SupportSessionView> | undefined
  const announced: Announced = {
    db,
    change,
    actor: await personOf(change.actorId),
    workspace: await workspaceOf(change.workspaceId),
    session: () => (session ??= getSession(change.workspaceId!, change.supportSessionId!, db).then((found) => {
      if (!found) throw new Error(`${change.action} names support session ${change.supportSessionId}, which is not in workspace ${change.workspaceId}`)
      return found
    })),
  }
  const webhook = announced.workspace && row.webhook ? await row.webhook(announced) : null
  if (webhook) await queueWebhooksFor(db, announced, webhook)
  if (row.live === 'supportSession') await publishLive(db, supportLiveEvent(await announced.session()))
  await row.mail?.(announced)
}
