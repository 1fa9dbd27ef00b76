// `npm run seed:large -- --workspaces 10000 --users 100000 [--db bench/large.sqlite]`
// Fills a fresh database with realistic volume: mixed roles and seats, ~5 projects per workspace with explicit
// roles, private projects, support sessions in every state and a valid audit hash chain. Batched transactions.
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { auditEventHash, GENESIS } from '../shared/audit-chain.mjs'
import { transparency as tl } from './transparency.mjs'

const PROJECTS_PER_WORKSPACE = 5
const TILED_AUDIT_TREES = 2 // the user_version of server/database/sqlite/audit-tree.ts (chained per workspace, trees tiled)
const BATCH = 5000
const SERVER_ADMINS = 10

export function seedLarge(path, workspaces, requestedUsers, log = console.log) {
  const users = Math.max(requestedUsers, workspaces + SERVER_ADMINS)
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('foreign_keys = ON')
  migrate(drizzle(sqlite), { migrationsFolder: 'server/database/sqlite/migrations' })
  // Chained per workspace, with tiled trees, from the start, as the server's upgrade steps
  // (server/database/sqlite/audit-chains.ts and audit-tree.ts) leave it.
  sqlite.pragma(`user_version = ${TILED_AUDIT_TREES}`)

  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const pick = list => list[Math.floor(random() * list.length)]
  const now = Date.now()
  const started = Date.now()
  const progress = (what, done, total) => {
    if (done === total || done % (BATCH * 4) === 0) log(`  ${what}: ${done.toLocaleString()} / ${total.toLocaleString()} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }
  const inBatches = (what, total, insertOne) => {
    for (let start = 0; start < total; start += BATCH) {
      sqlite.transaction(() => {
        for (let i = start; i < Math.min(total, start + BATCH); i++) insertOne(i)
      })()
      progress(what, Math.min(total, start + BATCH), total)
    }
  }

  const ADJ = ['Blue', 'Quiet', 'Rapid', 'Solid', 'Bright', 'North', 'Urban', 'Green', 'Prime', 'Clear']
  const NOUN = ['Works', 'Studio', 'Labs', 'Build', 'Partners', 'Group', 'Design', 'Structures', 'Systems', 'Collective']
  const workspaceName = i => `${ADJ[i % 10]} ${NOUN[Math.floor(i / 10) % 10]} ${i + 1}`
  const homeOf = u => (u - SERVER_ADMINS) % workspaces // 0-based workspace index of a regular user

  const insertUser = sqlite.prepare(`insert into users (id, name, password_hash, server_role, created_at) values (?, ?, 'bench-no-login', ?, ?)`)
  const insertEmail = sqlite.prepare(`insert into user_emails (user_id, email, is_primary, verified_at, created_at) values (?, ?, 1, ?, ?)`)
  inBatches('users', users, (i) => {
    const id = i + 1
    const admin = i < SERVER_ADMINS
    insertUser.run(id, admin ? `Server Admin ${id}` : `User ${id}`, admin ? 'admin' : 'user', now)
    insertEmail.run(id, admin ? `admin${id}@server.example` : `user${id}@w${homeOf(i) + 1}.example`, now, now)
  })

  const insertWorkspace = sqlite.prepare(`insert into workspaces (id, slug, name, plan, discoverable, created_at) values (?, ?, ?, ?, ?, ?)`)
  const insertDomain = sqlite.prepare(`insert into workspace_domains (workspace_id, domain, created_at) values (?, ?, ?)`)
  inBatches('workspaces', workspaces, (i) => {
    const id = i + 1
    insertWorkspace.run(id, `${workspaceName(i).toLowerCase().replace(/\s+/g, '-')}`, workspaceName(i), pick(['free', 'team', 'pro', 'enterprise']), random() < 0.1 ? 1 : 0, now - (workspaces - i) * 60_000)
    insertDomain.run(id, `w${id}.example`, now)
  })

  // Each regular user belongs to their home workspace; the first one there is its Admin.
  const members = new Map() // workspace index -> [{ userId, role, seat }]
  const insertMember = sqlite.prepare(`insert into workspace_members (workspace_id, user_id, role, seat, joined_at) values (?, ?, ?, ?, ?)`)
  inBatches('memberships', users - SERVER_ADMINS, (i) => {
    const u = i + SERVER_ADMINS
    const w = homeOf(u)
    const list = members.get(w) ?? []
    const role = list.length === 0 ? 'admin' : (random() < 0.75 ? 'member' : 'guest')
    const seat = role === 'admin' ? 'editor' : (random() < 0.5 ? 'editor' : 'viewer')
    list.push({ userId: u + 1, role, seat })
    members.set(w, list)
    insertMember.run(w + 1, u + 1, role, seat, now)
  })

  const insertProject = sqlite.prepare(`insert into projects (id, workspace_id, name, visibility, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)`)
  const insertRole = sqlite.prepare(`insert or ignore into project_roles (project_id, user_id, role, created_at) values (?, ?, ?, ?)`)
  const insertComment = sqlite.prepare(`insert into comments (project_id, user_id, text, created_at) values (?, ?, ?, ?)`)
  inBatches('projects', workspaces * PROJECTS_PER_WORKSPACE, (i) => {
    const w = Math.floor(i / PROJECTS_PER_WORKSPACE)
    const list = members.get(w) ?? []
    const admin = list[0]?.userId ?? 1
    insertProject.run(i + 1, w + 1, `Project ${i + 1}`, random() < 0.2 ? 'private' : 'workspace', admin, now, now)
    insertRole.run(i + 1, admin, 'owner', now)
    for (const m of list.slice(1, 4)) {
      const role = m.seat === 'viewer' ? 'viewer' : pick(m.role === 'guest' ? ['viewer', 'editor'] : ['viewer', 'editor', 'owner'])
      insertRole.run(i + 1, m.userId, role, now)
    }
    insertComment.run(i + 1, admin, 'Looks good.', now)
  })

  // Support sessions in every state, each with its audit trail (a valid hash chain).
  const insertSession = sqlite.prepare(`insert into support_sessions (id, workspace_id, requested_by, reason, status, expires_at, created_at, approved_by, approved_at, revoked_by, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertAudit = sqlite.prepare(`insert into audit_events (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const lastHashOfChain = new Map()
  // Each chain's tile still filling (its events' ids and hashes): the tree stores a row when one completes.
  const tiles = new Map()
  const selectNode = sqlite.prepare('select hash from audit_subtrees where chain = ? and level = ? and idx = ?').pluck()
  const insertNode = sqlite.prepare('insert into audit_subtrees (chain, level, idx, hash, event_id) values (?, ?, ?, ?, ?)')
  const audit = (workspaceId, actorId, sessionId, action, createdAt) => {
    const event = { workspaceId, actorId, supportSessionId: sessionId, action, targetType: 'support_session', targetId: String(sessionId), data: '{}', createdAt, prevHash: lastHashOfChain.get(workspaceId) ?? GENESIS }
    const hash = auditEventHash(event)
    const id = Number(insertAudit.run(workspaceId, actorId, sessionId, action, event.targetType, event.targetId, event.data, createdAt, event.prevHash, hash).lastInsertRowid)
    lastHashOfChain.set(workspaceId, hash)
    // The chain's tiled Merkle tree (SPEC 3.14), as the server's append stores it.
    const chain = String(workspaceId)
    const tile = tiles.get(chain) ?? { index: 0, events: [] }
    tile.events.push({ id, hash })
    if (tile.events.length === tl.TILE_WIDTH) {
      const siblings = tl.tileAppendReads(tile.index).map(p => selectNode.get(chain, p.level, p.index))
      for (const row of tl.rowsForTile(tile.index, tile.events.map(e => tl.auditLeafHash(e.hash)), siblings)) insertNode.run(chain, row.level, row.index, Buffer.from(row.hash), id)
      tile.index += 1
      tile.events = []
    }
    tiles.set(chain, tile)
  }
  const sessionCount = Math.ceil(workspaces / 5)
  inBatches('support sessions', sessionCount, (i) => {
    const w = i * 5
    const workspaceId = w + 1
    const requester = (i % SERVER_ADMINS) + 1
    const approver = members.get(w)?.[0]?.userId ?? null
    const state = ['pending', 'active', 'revoked', 'expired'][i % 4]
    const created = now - 3_600_000
    const expires = state === 'expired' ? now - 60_000 : (random() < 0.5 ? null : now + 86_400_000)
    const approved = state === 'pending' ? null : created + 60_000
    insertSession.run(i + 1, workspaceId, requester, 'Investigating a customer ticket', state === 'expired' ? 'active' : state, expires, created, approved ? approver : null, approved, state === 'revoked' ? approver : null, state === 'revoked' ? now - 1000 : null)
    audit(workspaceId, requester, i + 1, 'support.requested', created)
    if (approved) audit(workspaceId, approver, i + 1, 'support.approved', approved)
    if (state === 'revoked') audit(workspaceId, approver, i + 1, 'support.revoked', now - 1000)
  })

  sqlite.pragma('synchronous = NORMAL')
  sqlite.exec('analyze')
  // Keep the table statistics (sqlite_stat1) but not the value samples: with samples, SQLite re-prepares
  // every statement whose plan could depend on a bound value on each run, which makes the hot point
  // lookups of every request several times slower.
  sqlite.exec('delete from sqlite_stat4')
  sqlite.close()
  log(`Seeded ${workspaces.toLocaleString()} workspaces and ${users.toLocaleString()} users into ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      workspaces: { type: 'string', default: '10000' },
      users: { type: 'string', default: '100000' },
      db: { type: 'string', default: 'bench/large.sqlite' },
    },
  })
  if (!existsSync('server/database/sqlite/migrations')) throw new Error('Run from the repository root.')
  seedLarge(values.db, Number(values.workspaces), Number(values.users))
}
