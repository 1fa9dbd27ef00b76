/**
 * The workspace the current page belongs to: from the route's `slug`, or set by a page (a project page
 * learns its workspace from the API). The navbar uses it to show support mode.
 */
export function usePageWorkspace() {
  const route = useRoute()
  const fromPage = useState<string | null>('page-workspace', () => null)
  const slug = computed(() => {
    const param = route.params.slug
    if (typeof param === 'string' && (route.path.startsWith('/workspaces/') || route.path.startsWith('/settings/workspaces/'))) return param
    // A project page learns its workspace from the API; elsewhere a stale value must not count.
    return route.path.startsWith('/projects/') ? fromPage.value : null
  })
  return { slug, set: (value: string | null) => { fromPage.value = value } }
}
