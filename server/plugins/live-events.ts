import { useStore } from '../database'
import { LIVE_EVENTS_CHANNEL, closeLiveStreams, pruneLiveEvents, pumpLiveEvents, startLiveEvents } from '../services/live/bus'

/** How often this process looks for live events committed by any process (SPEC 3.8 allows 1 s end to end). */
const PUMP_MS = 250
const PRUNE_EVERY = 240 // pumps: about once a minute

/** Tails the live events table for this process's open streams, and ends those streams at shutdown. */
export default defineNitroPlugin((nitro) => {
  const store = useStore()
  markStartupTask(store.ready.then(startLiveEvents))
  let pumps = 0
  const pump = backgroundJob('live-events', pumpLiveEvents)
  // Other processes on the same PostgreSQL database announce their events at once (NOTIFY); the
  // timer below stays as the fallback, and is all there is on SQLite's single process.
  // pumpLiveEvents itself goes round once more for a notification that arrives while it runs.
  const heard = () => void pumpLiveEvents().catch(error => console.error('[live-events] failed', error))
  markStartupTask(store.ready.then(() => store.listen(LIVE_EVENTS_CHANNEL, heard)))
  const prune = backgroundJob('live-events prune', pruneLiveEvents)
  const timer = setInterval(() => {
    pump()
    if (++pumps % PRUNE_EVERY === 0) prune()
  }, PUMP_MS)
  timer.unref()
  nitro.hooks.hook('close', async () => {
    clearInterval(timer)
    await closeLiveStreams()
  })
})
