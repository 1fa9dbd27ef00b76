/**
 * A searchable, paged list whose search and page live in the address, so reload and back work: `q` as
 * typed, `debouncedQ` a quarter second later (what to fetch with), and `page`, back to 1 on a new search.
 * Once the user follows a link away, a search still settling must not replace the address again: that
 * would cancel the navigation they asked for.
 */
export function useUrlSearch() {
  const route = useRoute()
  const router = useRouter()
  const q = ref(typeof route.query.q === 'string' ? route.query.q : '')
  const page = ref(Number(route.query.page) || 1)
  const debouncedQ = refDebounced(q, 250)
  watch(debouncedQ, () => { page.value = 1 })
  let leaving = false
  onBeforeRouteLeave(() => {
    leaving = true
  })
  watch([debouncedQ, page], ([qv, pv]) => {
    if (!leaving) router.replace({ query: { ...(qv ? { q: qv } : {}), ...(pv > 1 ? { page: pv } : {}) } })
  })
  return { q, debouncedQ, page }
}
