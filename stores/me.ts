import { defineStore } from 'pinia'
import type { Me } from '#shared/types/api'

/** The signed-in user and the support sessions they hold, refreshed often so the navbar never lies. */
export const useMeStore = defineStore('me', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)

  async function refresh(): Promise<Me | null> {
    try {
      me.value = await useRequestFetch()<Me>('/api/me')
    }
    catch (error) {
      if ((error as { statusCode?: number }).statusCode === 401) me.value = null
      else if (!loaded.value) throw error
    }
    loaded.value = true
    return me.value
  }

  function activeSessionFor(slug: string | null | undefined) {
    if (!slug || !me.value) return null
    return me.value.supportSessions.find(s => s.workspace.slug === slug && s.status === 'active') ?? null
  }

  /** Changes whenever a support session of mine starts or ends: pages refetch their permissions on it. */
  const supportKey = computed(() => (me.value?.supportSessions ?? []).filter(s => s.status === 'active').map(s => s.id).sort((a, b) => a - b).join(','))

  function clear() {
    me.value = null
  }

  return { me, loaded, refresh, activeSessionFor, supportKey, clear }
})
