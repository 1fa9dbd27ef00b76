import type { WorkspacePermissions } from '#shared/permissions'
import type { Seat, WorkspaceRole } from '#shared/roles'

export interface WorkspaceView {
  workspace: { id: number, slug: string, name: string, description: string, plan: string, discoverable: boolean, autoJoin: boolean, domainProtection: boolean, createdAt: string }
  role: WorkspaceRole | null
  seat: Seat | null
  supportSession: boolean
  supportMode: boolean
  permissions: WorkspacePermissions
}

/** The workspace of the current route, shared by the pages and tabs that show it. */
export function useWorkspace(slug: MaybeRefOrGetter<string>) {
  return useFetch<WorkspaceView>(() => `/api/workspaces/${toValue(slug)}`, { key: `workspace-${toValue(slug)}`, dedupe: 'defer' })
}
