/** Holds requests until start-up work (demo seed) has finished. */
export default defineEventHandler(async () => {
  await startupDone()
})
