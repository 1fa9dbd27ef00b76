import type { WorkspacePermissions } from '#shared/permissions'
import type { Seat, WorkspaceRole } from '#shared/roles'
import type { SupportScope } from '#shared/support/scope'

export interface WorkspaceView {
  workspace: { id: number, slug: string, name: string, description: string, plan: string, discoverable: boolean, autoJoin: boolean, domainProtection: boolean, createdAt: string }
  role: WorkspaceRole | null
  seat: Seat | null
  supportSession: boolean
  supportMode: boolean
  permissions: WorkspacePermissions
  /** Support requests waiting for approval; counted for those who can approve them, else 0. */
  pendingSupportRequests: number
  /** Support sessions that can write here now: the members' banner. */
  activeSupport: { id: number, requestedBy: { name: string }, approvedBy: { name: string } | null, approvers: { name: string }[], expiresAt: string | null, scope: SupportScope, scopeText: string, emergency: boolean, autoApproved: boolean }[]
  /** SPEC 3.13: emergency sessions waiting for an Admin's review; counted for those who review them, else 0. */
  unreviewedEmergencies: number
}

/** The workspace of the current route, shared by the pages and tabs that show it. */
export function useWorkspace(slug: MaybeRefOrGetter<string>) {
  const result = useFetch<WorkspaceView>(() => `/api/workspaces/${toValue(slug)}`, { key: `workspace-${toValue(slug)}`, dedupe: 'defer' })
  useErrorStatus(result)
  // A newer change must not join a request that started before it: cancel that one and ask again.
  refreshOnSupportChange(() => result.refresh({ dedupe: 'cancel' }))
  return result
}
