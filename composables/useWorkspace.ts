import type { WorkspacePermissions } from '#shared/permissions'
import type { Seat, WorkspaceRole } from '#shared/roles'

export interface WorkspaceView {
  workspace: { id: number, slug: string, name: string, description: string, plan: string, discoverable: boolean, autoJoin: boolean, domainProtection: boolean, createdAt: string }
  role: WorkspaceRole | null
  seat: Seat | null
  supportSession: boolean
  supportMode: boolean
  permissions: WorkspacePermissions
  /** Support requests waiting for approval; counted for those who can approve them, else 0. */
  pendingSupportRequests: number
}

/** The workspace of the current route, shared by the pages and tabs that show it. */
export function useWorkspace(slug: MaybeRefOrGetter<string>) {
  const result = useFetch<WorkspaceView>(() => `/api/workspaces/${toValue(slug)}`, { key: `workspace-${toValue(slug)}`, dedupe: 'defer' })
  refreshOnSupportChange(result.refresh)
  return result
}

/**
 * When a support session of mine starts or ends, the permissions a page shows change with it: refetch
 * them at the same moment the navbar learns of it, so no control lags behind the session.
 */
export function refreshOnSupportChange(refresh: () => Promise<unknown>) {
  if (!import.meta.client) return
  const store = useMeStore()
  watch(() => store.supportKey, () => void refresh())
}
