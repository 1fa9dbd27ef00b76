import type { ProjectPermissions } from '#shared/permissions'
import type { ProjectRole } from '#shared/roles'

export interface ProjectView {
  project: { id: number, workspaceId: number | null, name: string, description: string, visibility: 'workspace' | 'private', createdAt: string, updatedAt: string }
  workspace: { id: number, slug: string, name: string } | null
  role: ProjectRole | null
  permissions: ProjectPermissions
}

/** The project of the current route; it also tells the navbar which workspace the page belongs to. */
export function useProject(id: MaybeRefOrGetter<string | number>) {
  const result = useFetch<ProjectView>(() => `/api/projects/${toValue(id)}`, { key: `project-${toValue(id)}`, dedupe: 'defer' })
  useErrorStatus(result)
  const { set } = usePageWorkspace()
  watch(() => result.data.value?.workspace?.slug ?? null, slug => set(slug), { immediate: true })
  // A newer change must not join a request that started before it: cancel that one and ask again.
  refreshOnSupportChange(() => result.refresh({ dedupe: 'cancel' }))
  return result
}
