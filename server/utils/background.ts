/**
 * A background job run on a timer: a run that is still going when the timer fires again is not
 * overlapped, and a failure is logged, never thrown into the timer.
 */
export function backgroundJob(name: string, task: () => Promise<unknown>): () => void {
  let running = false
  return () => {
    if (running) return
    running = true
    // Nothing runs before the database is migrated and seeded.
    startupDone().then(task)
      .catch(error => console.error(`[${name}] failed`, error))
      .finally(() => { running = false })
  }
}
