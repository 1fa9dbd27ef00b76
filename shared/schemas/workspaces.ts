import { z } from 'zod'
import { SEATS, WORKSPACE_ROLES } from '../roles'
import { emailSchema, idSchema, nameSchema, pageQuerySchema, slugSchema } from './common'

/** Addresses that name pages or routes under /workspaces and /api/workspaces, so no workspace may take them. */
export const RESERVED_WORKSPACE_SLUGS: ReadonlySet<string> = new Set([
  'discoverable', 'new', 'settings', 'admin', 'api', 'create', 'edit', 'invites', 'join', 'login', 'logout', 'me', 'search', 'support',
])

export const createWorkspaceSchema = z.object({
  name: nameSchema,
  slug: slugSchema.refine(slug => !RESERVED_WORKSPACE_SLUGS.has(slug), 'This address is reserved. Choose another.').optional(),
})

export const updateWorkspaceSchema = z.object({
  name: nameSchema.optional(),
  description: z.string().trim().max(2000).optional(),
  discoverable: z.boolean().optional(),
  autoJoin: z.boolean().optional(),
  domainProtection: z.boolean().optional(),
}).refine(v => Object.keys(v).length > 0, 'Nothing to change')

/** A route under `/api/workspaces/:slug` (or the admin's `/api/admin/workspaces/:slug`). */
export const workspaceSlugParams = z.object({ slug: slugSchema })
export const memberParams = z.object({ slug: slugSchema, userId: idSchema })
export const changeMemberSchema = z.object({ role: z.enum(WORKSPACE_ROLES).optional(), seat: z.enum(SEATS).optional() })
  .refine(v => v.role !== undefined || v.seat !== undefined, 'Give a role or a seat')

export const inviteSchema = z.object({ email: emailSchema, role: z.enum(WORKSPACE_ROLES), seat: z.enum(SEATS) })
export const inviteParams = z.object({ slug: slugSchema, id: idSchema })
export const plainIdParams = z.object({ id: idSchema })

export const domainSchema = z.object({
  domain: z.string().trim().toLowerCase().max(253).regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain such as example.com'),
})
export const domainParams = z.object({ slug: slugSchema, id: idSchema })
export const joinRequestParams = z.object({ slug: slugSchema, id: idSchema })

export const membersQuery = pageQuerySchema.extend({
  kind: z.enum(['members', 'guests']).optional(),
  q: z.string().trim().max(100).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
})
