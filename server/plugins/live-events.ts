/** How often this process looks for live events committed by any process (SPEC 3.8 allows 1 s end to end). */
const PUMP_MS = 250
const PRUNE_EVERY = 240 // pumps: about once a minute

/** Tails the live events table for this process's open streams, and ends those streams at shutdown. */
export default defineNitroPlugin((nitro) => {
  startLiveEvents()
  let pumps = 0
  const timer = setInterval(() => {
    try {
      pumpLiveEvents()
      if (++pumps % PRUNE_EVERY === 0) pruneLiveEvents()
    }
    catch (error) {
      console.error('[live-events] failed', error)
    }
  }, PUMP_MS)
  timer.unref()
  nitro.hooks.hook('close', async () => {
    clearInterval(timer)
    await closeLiveStreams()
  })
})
