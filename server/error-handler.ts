import type { H3Error, H3Event } from 'h3'

/**
 * Runs before Nuxt's own error handler. A database held by another writer past the busy timeout is
 * a temporary condition: answer 503 with Retry-After in the API's error shape instead of a 500.
 */
export default function databaseBusyHandler(error: H3Error, event: H3Event) {
  const code = (error.cause as { code?: string } | undefined)?.code ?? (error as { code?: string }).code
  if (!code?.startsWith('SQLITE_BUSY') && !code?.startsWith('SQLITE_LOCKED')) return
  setResponseStatus(event, 503, 'DatabaseBusy')
  setResponseHeader(event, 'retry-after', 2)
  setResponseHeader(event, 'content-type', 'application/json')
  event.node.res.end(JSON.stringify({ statusCode: 503, message: 'The database is busy. Try again in a moment.', data: { code: 'DatabaseBusy' } }))
}
