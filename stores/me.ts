import { defineStore } from 'pinia'
import type { Me } from '#shared/types/api'

/** The signed-in user and the support sessions they hold, refreshed often so the navbar never lies. */
export const useMeStore = defineStore('me', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)

  // Refreshes overlap when changes come quickly: only the newest answer may land, never an older one after it.
  let latest = 0
  async function refresh(): Promise<Me | null> {
    const call = ++latest
    try {
      const fresh = await useRequestFetch()<Me>('/api/me')
      if (call === latest) me.value = fresh
    }
    catch (error) {
      if (call === latest && (error as { statusCode?: number }).statusCode === 401) me.value = null
      else if (!loaded.value) throw error
    }
    loaded.value = true
    return me.value
  }

  /** The support sessions I hold that can write now, in any workspace. */
  const activeSessions = computed(() => (me.value?.supportSessions ?? []).filter(s => s.status === 'active'))

  function activeSessionFor(slug: string | null | undefined) {
    if (!slug) return null
    return activeSessions.value.find(s => s.workspace.slug === slug) ?? null
  }

  /** Approved sessions of mine waiting for their start (SPEC 3.12): they lend nothing yet. */
  const scheduledSessions = computed(() => (me.value?.supportSessions ?? []).filter(s => s.status === 'scheduled'))

  /** Changes whenever a support session of mine starts or ends: pages refetch their permissions on it. */
  const supportKey = computed(() => activeSessions.value.map(s => s.id).sort((a, b) => a - b).join(','))

  function clear() {
    me.value = null
  }

  return { me, loaded, refresh, activeSessions, activeSessionFor, scheduledSessions, supportKey, clear }
})
