/**
 * One server-sent event stream per signed-in tab (`GET /api/events`, SPEC 3.8). An event, or a
 * reconnection after a drop, makes every support-dependent part of the page re-read its state; so does
 * the expiry instant of a session I hold. `html[data-live]` says the stream is connected. The layout's
 * slow poll is only the fallback for when the stream cannot connect.
 */
export default defineNuxtPlugin(() => {
  const store = useMeStore()
  const router = useRouter()
  const signal = useSupportSignal()
  let source: EventSource | null = null

  watch(() => store.me?.user.id ?? null, (userId) => {
    source?.close()
    source = null
    if (userId === null) return
    // From where the page's picture stands, so an event between rendering and connecting is not lost.
    const stream = new EventSource(`/api/events?after=${store.me?.liveCursor ?? 0}`)
    let connectedBefore = false
    stream.addEventListener('ready', () => {
      document.documentElement.dataset.live = 'connected'
      // After a drop the server replays what it still holds; re-reading covers anything older.
      if (connectedBefore) signal()
      connectedBefore = true
    })
    stream.addEventListener('error', () => delete document.documentElement.dataset.live)
    stream.addEventListener('support', () => signal())
    // A server admin read something new in a workspace I administer: its access log shows it.
    const accessChanges = useAccessLogChanges()
    stream.addEventListener('access', (e) => {
      const { workspace } = JSON.parse((e as MessageEvent<string>).data) as { workspace: string }
      accessChanges.value = { ...accessChanges.value, [workspace]: (accessChanges.value[workspace] ?? 0) + 1 }
    })
    // Too many of this user's streams are open (other tabs, scripts): the server ended this one for good.
    // Reconnecting would only end another; the layout's slow poll keeps this tab current.
    stream.addEventListener('superseded', () => {
      stream.close()
      delete document.documentElement.dataset.live
    })
    // Signed out elsewhere (another tab, a new password, a deleted account): this tab shows sign-in at
    // once, not a page of errors under a navbar that still names the user (issue 21).
    stream.addEventListener('signed-out', () => {
      stream.close()
      delete document.documentElement.dataset.live
      store.clear()
      const route = router.currentRoute.value
      if (route.path !== '/login') void navigateTo({ path: '/login', query: route.fullPath === '/' ? {} : { redirect: route.fullPath } })
    })
    source = stream
  }, { immediate: true })

  signalAtExpiry(() => store.activeSessions.map(s => s.expiresAt), signal)
})
