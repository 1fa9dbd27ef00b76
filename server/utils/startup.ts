const pending: Promise<unknown>[] = []

/** Registers start-up work (such as seeding) that must finish before requests are served. */
export function markStartupTask(task: Promise<unknown>): void {
  pending.push(task.catch((error) => {
    console.error('[startup] task failed', error)
    throw error
  }))
}

export function startupDone(): Promise<unknown> {
  return Promise.all(pending)
}
