/** Server-wide role of an account. */
export const SERVER_ROLES = [
  'admin', // operates the server; may help workspaces through support sessions
  'user', // everyone else
] as const
export type ServerRole = (typeof SERVER_ROLES)[number]

/** Role inside one workspace. */
export const WORKSPACE_ROLES = [
  'admin', // manages the workspace; implicit Owner of all its projects
  'member', // sees every workspace-visible project
  'guest', // sees only projects they were invited to
] as const
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number]

/** Seat inside one workspace: caps what a person may do, not what they pay. */
export const SEATS = [
  'editor', // may publish, load and own projects
  'viewer', // capped at Can view on every project
] as const
export type Seat = (typeof SEATS)[number]

/** Role on one project, lowest first. */
export const PROJECT_ROLES = [
  'viewer', // Can view: read and comment
  'editor', // Can edit: also publish and load
  'owner', // Owner: also update, delete and manage collaborators
] as const
export type ProjectRole = (typeof PROJECT_ROLES)[number]

export const PROJECT_VISIBILITIES = [
  'workspace', // every workspace member sees it
  'private', // only explicit roles and workspace admins
] as const
export type ProjectVisibility = (typeof PROJECT_VISIBILITIES)[number]

export const PLANS = ['free', 'team', 'pro', 'enterprise'] as const
export type Plan = (typeof PLANS)[number]

/** How many members and guests each plan allows; null is unlimited. */
export const PLAN_USER_LIMITS: Record<Plan, number | null> = { free: 5, team: 15, pro: 50, enterprise: null }

export const WORKSPACE_ROLE_LABELS: Record<WorkspaceRole, string> = { admin: 'Admin', member: 'Member', guest: 'Guest' }
export const SEAT_LABELS: Record<Seat, string> = { editor: 'Editor', viewer: 'Viewer' }
/** "an Editor seat", "a Viewer seat": the seat with its article, for sentences. */
export const SEAT_PHRASES: Record<Seat, string> = { editor: 'an Editor seat', viewer: 'a Viewer seat' }
export const PROJECT_ROLE_LABELS: Record<ProjectRole, string> = { owner: 'Owner', editor: 'Can edit', viewer: 'Can view' }

export function projectRoleRank(role: ProjectRole | null): number {
  return role ? PROJECT_ROLES.indexOf(role) + 1 : 0
}

export function highestProjectRole(...roles: (ProjectRole | null)[]): ProjectRole | null {
  return roles.reduce<ProjectRole | null>((best, role) => (projectRoleRank(role) > projectRoleRank(best) ? role : best), null)
}
