import { z } from 'zod'

/**
 * What a support session lends (SPEC 3.12): read or write, in every project of the workspace or in
 * some. The permission model takes it as one more fact; this module says what one is and how it reads.
 */
export interface SupportScope {
  access: 'read' | 'write'
  projects: 'all' | number[]
}

/** What a session lent before scopes existed, and what a request without one asks for. */
export const FULL_SCOPE: SupportScope = { access: 'write', projects: 'all' }

export const MAX_SCOPE_PROJECTS = 100

export const supportScopeSchema = z.object({
  access: z.enum(['read', 'write'], { error: 'Choose read or write' }),
  projects: z.union([
    z.literal('all'),
    z.array(z.number().int().positive(), { error: 'Give "all" or a list of project ids' }).min(1, 'Name at least one project').max(MAX_SCOPE_PROJECTS, `At most ${MAX_SCOPE_PROJECTS} projects`)
      .transform(ids => [...new Set(ids)].sort((a, b) => a - b)),
  ], { error: 'Give "all" or a list of project ids' }),
}).strict()

/** What an unreadable stored scope lends: nothing beyond reading nothing. */
const LEAST_SCOPE: SupportScope = Object.freeze({ access: 'read', projects: Object.freeze([]) as unknown as number[] })

/**
 * Scopes already read, by their stored text: every request under a session reads its scope (twice for a
 * write: before the gate's lock and after), and a session's scope is one of a few texts. Frozen, as the
 * same object goes to every caller; bounded, as the texts are the sessions'.
 */
const parsedScopes = new Map<string, SupportScope>()

/** A scope as stored (JSON text in `support_sessions.scope`); anything unreadable lends the least. */
export function parseScope(stored: string | null | undefined): SupportScope {
  if (!stored) return FULL_SCOPE
  const known = parsedScopes.get(stored)
  if (known) return known
  const scope = readScope(stored)
  if (parsedScopes.size >= 1_000) parsedScopes.clear()
  parsedScopes.set(stored, scope)
  return scope
}

function readScope(stored: string): SupportScope {
  try {
    const parsed = supportScopeSchema.safeParse(JSON.parse(stored))
    if (!parsed.success) return LEAST_SCOPE
    const { access, projects } = parsed.data
    return Object.freeze({ access, projects: projects === 'all' ? projects : Object.freeze(projects) as unknown as number[] })
  }
  catch {
    return LEAST_SCOPE
  }
}

export const storedScope = (scope: SupportScope) => JSON.stringify(scope)

/** Whether a scope lends this project (a project list names it, or it covers all of them). */
export function scopeCovers(scope: SupportScope, projectId: number | undefined): boolean {
  return scope.projects === 'all' || (projectId !== undefined && scope.projects.includes(projectId))
}

/** Whether `narrow` lends nothing `wide` does not: an approver may narrow a request, never widen it. */
export function scopeWithin(narrow: SupportScope, wide: SupportScope): boolean {
  if (narrow.access === 'write' && wide.access === 'read') return false
  if (wide.projects === 'all') return true
  if (narrow.projects === 'all') return false
  return narrow.projects.every(id => (wide.projects as number[]).includes(id))
}

/**
 * A scope in words, as pages, emails, the banner and the navbar say it: "Read-only · Tower",
 * "All projects, read and write". `names` gives project names by id; an unknown id is "project #id".
 * `mayName` keeps the name of a project its reader cannot open out of the words ("1 private project"):
 * a member's banner must not tell them what a private project is called.
 */
export function scopeWords(scope: SupportScope, names: Map<number, string> | Record<number, string> = {}, mayName: (projectId: number) => boolean = () => true): string {
  const nameOf = (id: number) => (names instanceof Map ? names.get(id) : names[id]) ?? `project #${id}`
  if (scope.projects === 'all') return scope.access === 'read' ? 'Read-only · All projects' : 'All projects, read and write'
  const hidden = scope.projects.filter(id => !mayName(id)).length
  const parts = scope.projects.filter(mayName).map(nameOf)
  if (hidden) parts.push(`${hidden} private project${hidden === 1 ? '' : 's'}`)
  const list = parts.join(', ')
  return scope.access === 'read' ? `Read-only · ${list}` : `Read and write · ${list}`
}
