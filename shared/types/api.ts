import type { ServerRole } from '../roles'
import type { SupportStatus } from '../support-status'

/** Shapes the pages read from the API. */
export interface MeUser {
  id: number
  name: string
  email: string
  serverRole: ServerRole
}

export interface SupportSession {
  id: number
  workspace: { id: number, slug: string, name: string }
  /** `email` is null and `name` "Deleted user" once the requester's account was deleted. */
  requestedBy: { id: number, name: string, email: string | null }
  reason: string
  status: SupportStatus
  expiresAt: string | null
  createdAt: string
  approvedBy: { id: number, name: string } | null
  approvedAt: string | null
  revokedBy: { id: number, name: string } | null
  revokedAt: string | null
  /** Each workspace Admin's approval so far, oldest first (SPEC 3.7: two may be required). */
  approvals: { by: { id: number, name: string }, at: string }[]
  approvalsRequired: number
  /** How many changes the session made (in a workspace's session lists; absent elsewhere). */
  changes?: number
}

export interface Me {
  user: MeUser
  supportSessions: SupportSession[]
  /** The newest live event when this was read; `GET /api/events?after=` resumes from it. */
  liveCursor: number
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface ApiErrorBody {
  statusCode: number
  message: string
  data?: { code?: string, issues?: { path: string, message: string }[] }
}
