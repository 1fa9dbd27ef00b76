import { idSchema, pageQuerySchema } from '../schemas/common'

/**
 * Access transparency (SPEC 3.10): what a server admin read in a workspace they are not a member of.
 * Each such read is an audit event with this action in the workspace's chain, so the export carries it
 * and `audit:verify` checks it with everything else; it is not a change, so change reports skip it.
 */
export const ACCESS_READ_ACTION = 'access.read'

/** How long one entry stands for every further read of the same thing by the same admin. */
export const ACCESS_READ_WINDOW_MS = 10 * 60_000

/** What was read, as the Support page names it. */
export const ACCESS_RESOURCE_LABELS = {
  workspace: 'Workspace',
  projects: 'Project list',
  members: 'Members',
  invites: 'Invites and join requests',
  support: 'Support sessions and policy',
  audit: 'Audit log',
  webhooks: 'Webhooks',
  /** Its mail in Server Settings → Emails (SPEC 3.10: what a server-wide view shows is recorded too). */
  emails: 'Emails',
  project: 'Project',
  collaborators: 'Project collaborators',
  comments: 'Comments',
  models: 'Models',
  model: 'Model versions',
  version: 'Version',
} as const
export type AccessResourceType = keyof typeof ACCESS_RESOURCE_LABELS

/** `GET /api/workspaces/:slug/access-log`: a page, optionally one admin's reads or one session's. */
export const accessLogQuery = pageQuerySchema.extend({
  actorId: idSchema.optional(),
  sessionId: idSchema.optional(),
})

/** One entry of the access log, as the API answers it. */
export interface AccessLogItem {
  id: number
  actor: { id: number, name: string } | null
  resource: { type: AccessResourceType, id: number, name: string }
  route: string
  at: string
  supportSessionId: number | null
}

/** How long a passkey assertion counts for approving or revoking support (SPEC 3.10 step-up). */
export const STEP_UP_WINDOW_MS = 5 * 60_000
