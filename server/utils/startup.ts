/** Settles once every registered start-up task has; kept as one promise so each request awaits it cheaply. */
let ready: Promise<unknown> = Promise.resolve()

/** Registers start-up work (such as seeding) that must finish before requests are served. */
export function markStartupTask(task: Promise<unknown>): void {
  ready = Promise.all([ready, task.catch((error) => {
    console.error('[startup] task failed', error)
    throw error
  })])
}

export function startupDone(): Promise<unknown> {
  return ready
}
