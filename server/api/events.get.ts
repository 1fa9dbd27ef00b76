import { liveEventsQuery } from '#shared/schemas/common'
import type { LiveEvent } from '~~/server/utils/live-events'

/** How soon a browser reconnects after the stream drops. */
const RETRY_MS = 2_000

/** What a tab needs to know: which session in which workspace changed, and how it stands now. */
function payload(event: LiveEvent) {
  return JSON.stringify({ workspace: event.workspace, sessionId: event.sessionId, status: event.status })
}

/**
 * `GET /api/events`: server-sent events for the signed-in user (SPEC 3.8). `ready` comes first, then
 * every event since `after` (or Last-Event-ID) that concerns the reader, then new ones as they commit.
 * A sign-out, a deleted token or a deleted account ends the stream at the next heartbeat.
 */
export default defineEventHandler(async (event) => {
  // A reconnecting browser says where it was (Last-Event-ID); a page says where its picture stands (?after=).
  const { after } = validQuery(event, liveEventsQuery)
  const lastEventId = Number(getRequestHeader(event, 'last-event-id'))
  const credentials = await credentialsOf(event)
  const actor = await actorFor(credentials)
  if (!actor) throw apiError('Unauthenticated', 'Sign in to continue.')

  const stream = createEventStream(event)
  // First on the wire (h3 queues pushes until send()), before anything replayed.
  void stream.push({ event: 'ready', data: '{}', retry: RETRY_MS })
  const unsubscribe = await subscribeLive({
    userId: actor.id,
    send: (id, e) => void stream.push({ id: String(id), event: e.type, data: payload(e) }),
    close: () => stream.close(),
  }, Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : after ?? null)
  const stillSignedIn = async () => {
    try {
      return (await actorFor(credentials))?.id === actor.id
    }
    catch {
      return false
    }
  }
  const heartbeat = setInterval(() => {
    void stillSignedIn().then((signedIn) => {
      if (signedIn) void stream.push({ event: 'ping', data: '' })
      else void stream.close()
    })
  }, useRuntimeConfig().liveHeartbeatMs) // how often an open stream proves it is alive and re-checks its reader
  heartbeat.unref()
  stream.onClosed(() => {
    clearInterval(heartbeat)
    unsubscribe()
  })
  return stream.send()
})
