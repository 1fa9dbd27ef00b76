/**
 * A page whose subject the API refuses or cannot find answers with that status itself (404, 403), not
 * 200 with an error inside: crawlers, scripts and the browser's history see what a reader sees.
 */
export function useErrorStatus(result: Promise<unknown> & { error: Ref<unknown> }) {
  if (!import.meta.server) return
  const event = useRequestEvent()
  onServerPrefetch(async () => {
    await result
    const code = (result.error.value as { statusCode?: number } | null)?.statusCode
    if (event && code && code >= 400) setResponseStatus(event, code)
  })
}
