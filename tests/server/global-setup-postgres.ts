import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

/**
 * Issue 13: the server tests run a second time on PostgreSQL. One throwaway server for the whole run
 * (scripts/pg-cluster.mjs); every test server gets its own database on it.
 */
export default async function setup(project: TestProject) {
  const { startPostgres } = await import('../../scripts/pg-cluster.mjs')
  const cluster = await startPostgres() as { url: string, stop: () => void }
  project.provide('postgresUrl', cluster.url)
  return () => cluster.stop()
}
