/**
 * A paged list from an endpoint that answers an array and puts the total in X-Total-Count
 * (the members list keeps SPEC 5's array shape that way). `name` keys the total in Nuxt's state, so
 * the count the server rendered is the count the browser hydrates with.
 */
export function usePagedFetch<T>(name: string, url: MaybeRefOrGetter<string>, query: MaybeRefOrGetter<Record<string, unknown>>, pageSize = 50) {
  const page = ref(1)
  const total = useState<number>(`paged-total:${name}`, () => 0)
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
