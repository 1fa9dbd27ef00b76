import type { PermissionEntry } from '#shared/permissions'

/**
 * A page whose subject the API refuses or cannot find is the app's one error page (error.vue), with
 * that status (404, 403), not 200 with a red line inside: crawlers, scripts and the browser's history
 * see what a reader sees, and the reader sees a heading, the navbar and the way back (issue 35).
 * A server admin refused for want of a support session (SPEC 3.10) stays on the page, which offers
 * the request right there.
 */
function pageError(error: unknown) {
  const status = (error as { statusCode?: number } | null)?.statusCode
  if (status !== 403 && status !== 404) return null
  const { message, code } = apiErrorOf(error)
  if (code === 'SupportSessionRequired') return null
  // Fatal in the browser only: on the server a fatal error is logged as a crash, and a 404 is none.
  return createError({ statusCode: status, message: code ? message : undefined, fatal: import.meta.client })
}

/** Shows the error page for what `errorOf` answers once `result` has settled, on the server and in the browser. */
function showErrorOf(result: Promise<unknown>, errorOf: () => unknown) {
  if (import.meta.server) {
    const event = useRequestEvent()
    onServerPrefetch(async () => {
      await result
      const error = errorOf()
      const shown = pageError(error)
      if (shown) return void showError(shown)
      const code = (error as { statusCode?: number } | null)?.statusCode
      if (event && code && code >= 400) setResponseStatus(event, code)
    })
    return
  }
  watch(errorOf, (error) => {
    const shown = pageError(error)
    if (shown) showError(shown)
  }, { immediate: true })
}

export function useErrorStatus(result: Promise<unknown> & { error: Ref<unknown> }) {
  showErrorOf(result, () => result.error.value)
}

/**
 * A page only some may open (Workspace Settings → Support, Integrations, Audit log: Admins): for anyone
 * else it is the same error page with 403, in the words of the permission model's refusal that came with
 * the workspace (`refused` picks it), exactly as the API's own 403 would read.
 */
export function useRefusedPage(result: Promise<unknown>, refused: () => PermissionEntry | undefined) {
  showErrorOf(result, () => {
    const entry = refused()
    if (!entry || entry.authorized) return null
    return { statusCode: 403, data: { statusCode: 403, message: entry.message, data: { code: entry.code } } }
  })
}
