import type { z } from 'zod'
import type { ServerRole } from '../roles'
import type { supportSessionAnswer } from '../schemas/answers'

/** Shapes the pages read from the API. */
export interface MeUser {
  id: number
  name: string
  email: string
  serverRole: ServerRole
}

/** A support session as the API answers it: the type of the schema the API reference documents and tests. */
export type SupportSession = z.output<typeof supportSessionAnswer>

export interface Me {
  user: MeUser
  supportSessions: SupportSession[]
  /** The newest live event when this was read; `GET /api/events?after=` resumes from it. */
  liveCursor: number
  /** Workspaces whose only Admin this user is: the account cannot be deleted until someone else is Admin. */
  lastAdminOf: { slug: string, name: string }[]
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
