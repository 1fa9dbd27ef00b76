import Database from 'better-sqlite3'
import pg from 'pg'

/**
 * The test server's database opened directly, to set up states HTTP cannot (such as a session already
 * expired) and to check what was stored. The same calls work on both stores: SQL with `?` placeholders,
 * numbered for PostgreSQL; times are integer milliseconds in both.
 */
export interface TestDb {
  store: 'sqlite' | 'postgres'
  run: (sql: string, ...params: unknown[]) => Promise<number>
  get: <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => Promise<T | undefined>
  all: <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => Promise<T[]>
  close: () => Promise<void>
}

/** `?` → `$1, $2 …`, outside quoted text. */
function numbered(sql: string): string {
  let n = 0
  return sql.replace(/'[^']*'|\?/g, match => (match === '?' ? `$${++n}` : match))
}

/** PostgreSQL answers bigint and count(*) as text; tests compare numbers. */
function numbers<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : v])) as T
}

export async function openTestDb(target: { dbPath: string, databaseUrl?: string }): Promise<TestDb> {
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl })
    await client.connect()
    const query = (sql: string, params: unknown[]) => client.query(numbered(sql), params)
    return {
      store: 'postgres',
      run: async (sql, ...params) => (await query(sql, params)).rowCount ?? 0,
      get: async (sql, ...params) => {
        const row = (await query(sql, params)).rows[0]
        return row && numbers(row)
      },
      all: async (sql, ...params) => (await query(sql, params)).rows.map(row => numbers(row)),
      close: () => client.end(),
    }
  }
  const db = new Database(target.dbPath)
  db.pragma('busy_timeout = 5000')
  const reads = (sql: string) => db.prepare(sql)
  return {
    store: 'sqlite',
    run: async (sql, ...params) => reads(sql).run(...params).changes,
    get: async <T>(sql: string, ...params: unknown[]) => reads(sql).get(...params) as T | undefined,
    all: async <T>(sql: string, ...params: unknown[]) => {
      const statement = reads(sql)
      if (statement.reader) return statement.all(...params) as T[]
      statement.run(...params)
      return []
    },
    close: async () => void db.close(),
  }
}

/** The SQLite file itself, for the tests only SQLite has (locks, online backup, query plans). */
export function openSqliteFile(path: string) {
  const db = new Database(path)
  db.pragma('busy_timeout = 5000')
  return db
}
