import { liveEventsQuery } from '#shared/schemas/common'
import type { TabLiveEvent } from '~~/server/services/support/live'
import { actorFor, credentialsOf } from '~~/server/services/accounts/sessions'
import { streamCapacityLeft, streamKeys, subscribeLive } from '~~/server/services/live/bus'

/** How soon a browser reconnects after the stream drops. */
const RETRY_MS = 2_000
/** How long a client refused for want of room waits before trying again. */
const RETRY_AFTER_S = 30

/** What a tab needs to know: which session in which workspace changed, and how it stands now. */
function payload(event: TabLiveEvent) {
  if (event.type === 'access') return JSON.stringify({ workspace: event.workspace })
  return JSON.stringify({ workspace: event.workspace, sessionId: event.sessionId, status: event.status })
}

/**
 * `GET /api/events`: server-sent events for the signed-in user (SPEC 3.8). `ready` comes first, then
 * every event since `after` (or Last-Event-ID) that concerns the reader, then new ones as they commit.
 * A sign-out, a deleted token, a password change or a deleted account ends the stream at once, in every
 * process. A user holds at most MAX_STREAMS_PER_USER streams per process (the oldest is told
 * `superseded` and closed), and a process at its limit answers 503 with Retry-After (issue 20).
 */
export default defineEventHandler(async (event) => {
  // A reconnecting browser says where it was (Last-Event-ID); a page says where its picture stands (?after=).
  const { after } = validQuery(event, liveEventsQuery)
  const lastEventId = Number(getRequestHeader(event, 'last-event-id'))
  const credentials = await credentialsOf(event)
  const actor = await actorFor(credentials)
  if (!actor || !credentials) throw apiError('Unauthenticated', 'Sign in to continue.')
  if (!streamCapacityLeft()) {
    setResponseHeader(event, 'retry-after', RETRY_AFTER_S)
    throw apiError('TooManyStreams', 'The server has too many live-update streams open; try again shortly.')
  }

  const stream = createEventStream(event)
  // First on the wire (h3 queues pushes until send()), before anything replayed.
  void stream.push({ event: 'ready', data: '{}', retry: RETRY_MS })
  const unsubscribe = await subscribeLive({
    userId: actor.id,
    serverAdmin: actor.serverRole === 'admin',
    keys: [credentials.via === 'token' ? streamKeys.token(credentials.hash) : streamKeys.session(credentials.sid), streamKeys.user(actor.id)],
    send: (id, e) => void stream.push({ id: String(id), event: e.type, data: payload(e) }),
    // The tab's EventSource would reconnect after a plain close: this event tells it not to.
    supersede: () => void stream.push({ event: 'superseded', data: '{}' }).finally(() => stream.close()),
    // The same for credentials that ended: another tab's sign-out reaches this one at once (issue 21).
    signOut: () => void stream.push({ event: 'signed-out', data: '{}' }).finally(() => stream.close()),
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
      else void stream.push({ event: 'signed-out', data: '{}' }).finally(() => stream.close())
    })
  }, useRuntimeConfig().liveHeartbeatMs) // how often an open stream proves it is alive and re-checks its reader
  heartbeat.unref()
  stream.onClosed(() => {
    clearInterval(heartbeat)
    unsubscribe()
  })
  return stream.send()
})
