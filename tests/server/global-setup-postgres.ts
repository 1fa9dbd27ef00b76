import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { seedTemplate } from './helpers/template-database'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
    /** The database every test server's own database is created from (helpers/template-database.ts). */
    postgresTemplate: string
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
  const template = 't_template'
  const admin = new pg.Client({ connectionString: cluster.url })
  await admin.connect()
  await admin.query(`create database ${template}`).finally(() => admin.end())
  const url = new URL(cluster.url)
  url.pathname = `/${template}`
  // The server keeps its key files beside NUXT_DATABASE_PATH, even on PostgreSQL: a folder of their own, removed after.
  const keys = mkdtempSync(join(tmpdir(), 'support-access-template-'))
  await seedTemplate({ NUXT_DATABASE_URL: url.toString(), NUXT_DATABASE_PATH: join(keys, 'app.sqlite') })
  rmSync(keys, { recursive: true, force: true })
  project.provide('postgresTemplate', template)
  return () => cluster.stop()
}
