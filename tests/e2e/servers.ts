import { join } from 'node:path'

/**
 * The browser tests run in E2E_WORKERS Playwright workers (2 by default), each against a server of its own
 * on a database of its own, so no worker sees another's changes: worker n (its parallel index, which a
 * restarted worker keeps) uses port E2E_PORT + n and the files under E2E_DATA_DIR/n.
 */
export const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 2)

/** This process's server: the worker's own, or server 0 in the runner itself (which runs no test). */
export function serverIndex() {
  const index = Number(process.env.TEST_PARALLEL_INDEX ?? 0)
  if (index >= E2E_WORKERS) throw new Error(`Worker ${index} has no server: set E2E_WORKERS (not --workers) to run more workers`)
  return index
}

export function serverPort(index = serverIndex()) {
  return Number(process.env.E2E_PORT ?? 3210) + index
}

/** The server's database; its session secret and audit signing key are written beside it, so each server has a folder. */
export function databasePath(index = serverIndex()) {
  return join(process.env.E2E_DATA_DIR!, String(index), 'app.sqlite')
}
