import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { apiClient } from './helpers/client'
import { openTestDb } from './helpers/db'
import { demoIds, inMinutes } from './helpers/fixtures'
import { createTestDatabase, startServer, TEST_STORE } from './helpers/server'

/** Issue 13: `npm run db:copy` moves a SQLite server's data to PostgreSQL, chains intact. Needs the run's PostgreSQL. */
describe.skipIf(TEST_STORE !== 'postgres')('db:copy from SQLite to PostgreSQL', () => {
  it('copies every row, keeps every audit chain valid, and the server carries on there', async () => {
    const sqlite = await startServer({}, { store: 'sqlite' })
    const api = apiClient(sqlite.url)
    const sam = await api.token(await api.login('admin@example.com'))
    const ada = await api.token(await api.login('ada@acme.test'))
    const { tower } = await demoIds(api, ada)
    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'before the move', expiresAt: inMinutes(60) }, sam)).body
    await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)
    for (let i = 0; i < 3; i++) expect((await api.post(`/api/projects/${tower}/comments`, { text: `moved ${i}` }, sam)).status).toBe(201)
    sqlite.process.kill('SIGTERM')
    await new Promise(resolve => sqlite.process.once('exit', resolve))

    const target = await createTestDatabase()
    try {
      const copy = spawnSync(process.execPath, ['scripts/db-copy.mjs', '--from', sqlite.dbPath, '--to', target.url], { encoding: 'utf8' })
      expect(copy.status, copy.stderr).toBe(0)
      expect(copy.stdout).toMatch(/every count matches and every audit chain verifies/)
      // Into a database that already holds data it refuses.
      const again = spawnSync(process.execPath, ['scripts/db-copy.mjs', '--from', sqlite.dbPath, '--to', target.url], { encoding: 'utf8' })
      expect(again.status).toBe(1)
      expect(again.stderr).toMatch(/already holds/)

      const moved = await startServer({ NUXT_SEED_DEMO: 'false' }, { databaseUrl: target.url })
      try {
        const api2 = apiClient(moved.url)
        // The old token still signs in; the session and its changes are there.
        expect((await api2.get('/api/admin/audit/verify', sam)).body).toMatchObject({ ok: true })
        const sessions = (await api2.get('/api/workspaces/acme/support-sessions', ada)).body
        expect(sessions.active.map((s: { id: number }) => s.id)).toContain(session.id)
        expect(sessions.active.find((s: { id: number }) => s.id === session.id).changes).toBe(3)
        // New rows continue after the copied ids.
        const created = await api2.post(`/api/projects/${tower}/comments`, { text: 'after the move' }, sam)
        expect(created.status).toBe(201)
        const db = await openTestDb(moved)
        expect((await db.get<{ n: number }>('select max(id) as n from comments'))!.n).toBe(created.body.id)
        await db.close()
      }
      finally {
        await moved.stop()
      }
    }
    finally {
      await sqlite.stop()
      await target.drop()
    }
  }, 60_000)
})
