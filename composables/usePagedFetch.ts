/**
 * A paged list from an endpoint that answers an array and puts the total in X-Total-Count
 * (the members list keeps SPEC 5's array shape that way).
 */
export function usePagedFetch<T>(url: MaybeRefOrGetter<string>, query: MaybeRefOrGetter<Record<string, unknown>>, pageSize = 50) {
  const page = ref(1)
  const total = ref(0)
  watch(() => JSON.stringify(toValue(query)), () => { page.value = 1 })
  const result = useFetch<T[]>(() => toValue(url), {
    query: computed(() => ({ ...toValue(query), page: page.value, pageSize })),
    default: () => [],
    onResponse({ response }) {
      total.value = Number(response.headers.get('x-total-count') ?? 0)
    },
  })
  return { ...result, page, total, pageSize }
}
