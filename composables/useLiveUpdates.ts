/**
 * Support access changes elsewhere (approved, revoked, expired): the live stream (plugins/live-updates)
 * and expiry timers call the signal; every page part that shows support state refreshes on it.
 */
/** How many support changes this tab has heard of; what moves it is the signal below. */
const useSupportChanges = () => useState<number>('support-changes', () => 0)

/** Returns the function that announces "support access changed": call it in setup, use it anytime. */
export function useSupportSignal() {
  const store = useMeStore()
  const changes = useSupportChanges()
  return () => {
    changes.value++
    if (store.me) void store.refresh()
  }
}

/**
 * When support access changes (a session of mine, or any session in a workspace I can see), the
 * permissions and lists a page shows change with it: refetch them at that moment, so no control and no
 * banner lags behind the session.
 */
export function refreshOnSupportChange(refresh: () => Promise<unknown>) {
  if (!import.meta.client) return
  const store = useMeStore()
  const changes = useSupportChanges()
  watch([() => store.supportKey, changes], () => void refresh())
}

/** How many times this tab heard that a workspace's access log grew (SPEC 3.10), by workspace slug. */
export const useAccessLogChanges = () => useState<Record<string, number>>('access-log-changes', () => ({}))

// setTimeout holds at most ~24.8 days; a later expiry is re-armed when the page next refreshes.
const MAX_TIMEOUT_MS = 2 ** 31 - 1

/** Calls `onExpiry` at the earliest of these instants still ahead (the server then confirms the expiry). */
export function signalAtExpiry(times: () => (string | null | undefined)[], onExpiry: () => void) {
  if (!import.meta.client) return
  watchEffect((onCleanup) => {
    const now = Date.now()
    const next = times().map(t => (t ? Date.parse(t) : Number.NaN)).filter(t => t > now).sort((a, b) => a - b)[0]
    if (next === undefined) return
    const timer = setTimeout(onExpiry, Math.min(next - now + 50, MAX_TIMEOUT_MS))
    onCleanup(() => clearTimeout(timer))
  })
}
