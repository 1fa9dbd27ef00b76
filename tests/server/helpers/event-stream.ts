import type { Credentials } from './client'

export interface StreamEvent { event: string, data: string, id?: string }

/**
 * Reads `GET /api/events` as a browser's EventSource would, keeping every event for the test to
 * wait on. `close()` hangs up; `ended` resolves when the server ends the stream.
 */
export async function openEventStream(baseUrl: string, as: Credentials & object, query = '') {
  const headers: Record<string, string> = 'cookie' in as ? { cookie: as.cookie } : { authorization: `Bearer ${as.token}` }
  // What a reconnecting EventSource sends: the id of the last event it received.
  if ('lastEventId' in as) headers['last-event-id'] = String(as.lastEventId)
  const abort = new AbortController()
  const res = await fetch(`${baseUrl}/api/events${query}`, { headers, signal: abort.signal })
  if (res.status !== 200) throw new Error(`event stream answered ${res.status}`)
  const events: StreamEvent[] = []
  const waiters: (() => void)[] = []
  const ended = (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      const reader = res.body!.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const field = (name: string) => block.split('\n').filter(l => l.startsWith(`${name}:`)).map(l => l.slice(name.length + 1).trimStart()).join('\n')
          events.push({ event: field('event') || 'message', data: field('data'), id: field('id') || undefined })
          waiters.splice(0).forEach(w => w())
        }
      }
    }
    catch { /* hung up by close() */ }
    waiters.splice(0).forEach(w => w())
  })()

  /** Resolves with the first event (from the start) that matches; fails after the timeout. */
  async function waitFor(match: (e: StreamEvent) => boolean, timeoutMs = 5_000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = events.find(match)
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(events)}`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, Math.max(0, deadline - Date.now()))
      })
    }
  }

  return { events, waitFor, ended, close: () => abort.abort() }
}

export const supportEvent = (workspace: string, status: string) => (e: StreamEvent) =>
  e.event === 'support' && JSON.parse(e.data).workspace === workspace && JSON.parse(e.data).status === status
