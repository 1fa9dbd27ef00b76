import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { TestProject } from 'vitest/node'
import { seedTemplate } from './helpers/template-database'

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string
  }
}

/** The SQLite database every test server of the run copies (helpers/template-database.ts). */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'support-access-template-'))
  const path = join(dir, 'template.sqlite')
  await seedTemplate({ NUXT_DATABASE_PATH: path, NUXT_DATABASE_URL: '' })
  // One file to copy: whatever the write-ahead log still holds goes into it.
  const db = new Database(path)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  project.provide('sqliteTemplate', path)
  return () => rmSync(dir, { recursive: true, force: true })
}
