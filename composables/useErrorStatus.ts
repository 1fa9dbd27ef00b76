/**
 * A page whose subject the API refuses or cannot find is the app's one error page (error.vue), with
 * that status (404, 403), not 200 with a red line inside: crawlers, scripts and the browser's history
 * see what a reader sees, and the reader sees a heading, the navbar and the way back (issue 35).
 * A server admin refused for want of a support session (SPEC 3.10) stays on the page, which offers
 * the request right there.
 */
export function useErrorStatus(result: Promise<unknown> & { error: Ref<unknown> }) {
  const pageError = (error: unknown) => {
    const status = (error as { statusCode?: number } | null)?.statusCode
    if (status !== 403 && status !== 404) return null
    const { message, code } = apiErrorOf(error)
    if (code === 'SupportSessionRequired') return null
    // Fatal in the browser only: on the server a fatal error is logged as a crash, and a 404 is none.
    return createError({ statusCode: status, message: code ? message : undefined, fatal: import.meta.client })
  }
  if (import.meta.server) {
    const event = useRequestEvent()
    onServerPrefetch(async () => {
      await result
      const error = result.error.value
      const shown = pageError(error)
      if (shown) return void showError(shown)
      const code = (error as { statusCode?: number } | null)?.statusCode
      if (event && code && code >= 400) setResponseStatus(event, code)
    })
    return
  }
  watch(result.error, (error) => {
    const shown = pageError(error)
    if (shown) showError(shown)
  }, { immediate: true })
}
