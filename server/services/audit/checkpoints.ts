import { count, desc, eq, gt, sql } from 'drizzle-orm'
import { GENESIS } from '#shared/audit-chain.mjs'
import { signCheckpoint, type AuditCheckpoint } from '#shared/audit-checkpoint.mjs'
import type { DbOrTx } from '../../database'
import { nextTurn, serializeWrites, useDb, writeTransaction, tables } from '../../database'
import { signingKeyInUse } from './key-history'
import { signTreeNote } from './notes'
import { currentTree, treeChain } from './tree'
import { queueCheckpointWebhook } from '../webhooks/queue'

interface WorkspaceRef { id: number, slug: string, name: string }

/** Signs "this workspace's chain holds `events` events and ends in `head`", as of now, with a key the key history lists. */
export async function signedCheckpoint(workspace: WorkspaceRef, events: number, head: string): Promise<AuditCheckpoint> {
  const key = await signingKeyInUse()
  return signCheckpoint({ workspace, events, head, at: new Date().toISOString() }, key.privateKey, key.keyId)
}

/** The workspace's chain as `db` sees it: how many events, and the last one's hash. */
async function chainHead(db: DbOrTx, workspaceId: number) {
  const a = tables.auditEvents
  const [counted] = await db.select({ n: count() }).from(a).where(eq(a.workspaceId, workspaceId))
  const [last] = await db.select({ hash: a.hash }).from(a).where(eq(a.workspaceId, workspaceId)).orderBy(desc(a.id)).limit(1)
  return { events: counted?.n ?? 0, head: last?.hash ?? GENESIS }
}

/**
 * The C2SP signed note of the workspace's tree as `db` sees it: byte for byte what `GET …/audit/checkpoint`
 * serves at that size (an Ed25519 signature is deterministic), so `npm run audit:verify` and a witness take it.
 */
export async function treeNoteIn(db: DbOrTx, workspaceId: number): Promise<string> {
  const { size, root } = await currentTree(treeChain(workspaceId), db)
  return signTreeNote(workspaceId, size, root)
}

/** A checkpoint as kept and sent: the legacy JSON one (SPEC 3.8) and the signed note of the same tree (SPEC 3.14). */
export interface RecordedCheckpoint { checkpoint: AuditCheckpoint, note: string }

/**
 * Keeps a checkpoint and sends it, with the signed note of the same tree, to the workspace (webhook
 * `audit.checkpoint`), in the transaction `tx`: the workspace's own copies are what the server cannot take back.
 */
export async function recordCheckpoint(tx: DbOrTx, workspace: WorkspaceRef, checkpoint: AuditCheckpoint, note: string): Promise<RecordedCheckpoint> {
  await tx.insert(tables.auditCheckpoints).values({
    workspaceId: workspace.id, events: checkpoint.events, head: checkpoint.head, at: new Date(checkpoint.at), keyId: checkpoint.keyId, signature: checkpoint.signature,
  })
  await queueCheckpointWebhook(tx, workspace, checkpoint, note)
  return { checkpoint, note }
}

/** Signs the chain and its tree as this transaction sees them (a session's end, with its last event in) and records both. */
export async function checkpointNow(tx: DbOrTx, workspace: WorkspaceRef): Promise<RecordedCheckpoint> {
  const { events, head } = await chainHead(tx, workspace.id)
  return recordCheckpoint(tx, workspace, await signedCheckpoint(workspace, events, head), await treeNoteIn(tx, workspace.id))
}

/** Workspaces looked at per read of the daily pass; the pass yields between pages. */
const PAGE = 500

/**
 * The daily checkpoint (SPEC 3.8): every workspace whose chain has moved since its last checkpoint, and
 * whose last checkpoint is older than the interval (or that has none), gets a new one. The pass reads
 * the workspaces a page at a time and signs each in a short write of its own, so a server with many
 * workspaces catches up without holding requests.
 */
export async function checkpointMovedChains(now = Date.now()): Promise<number> {
  const { auditEvents: a, auditCheckpoints: c, workspaces: w } = tables
  const since = now - useRuntimeConfig().auditCheckpointIntervalMs
  const eventsOf = useDb().select({ n: count() }).from(a).where(eq(a.workspaceId, w.id))
  const latest = (column: typeof c.events | typeof c.at) => useDb().select({ v: column }).from(c).where(eq(c.workspaceId, w.id)).orderBy(desc(c.id)).limit(1)
  let made = 0
  for (let after = 0; ;) {
    const page = await useDb().select({ id: w.id, slug: w.slug, name: w.name, events: sql<number>`(${eventsOf})`, signedEvents: sql<number | null>`(${latest(c.events)})`, signedAt: sql<number | null>`(${latest(c.at)})` })
      .from(w).where(gt(w.id, after)).orderBy(w.id).limit(PAGE)
    if (page.length === 0) return made
    after = page.at(-1)!.id
    for (const workspace of page) {
      const moved = Number(workspace.events) > Number(workspace.signedEvents ?? 0)
      const stale = workspace.signedAt === null || Number(workspace.signedAt) <= since
      if (moved && stale && await checkpointIfStillDue(workspace, since)) made++
    }
    // On SQLite each read settles at once: give requests a turn between pages.
    await nextTurn()
  }
}

async function checkpointIfStillDue(workspace: WorkspaceRef, since: number): Promise<boolean> {
  const c = tables.auditCheckpoints
  return writeTransaction(async (tx) => {
    // One checkpoint per chain head even when two processes run the pass at once.
    await serializeWrites(tx, `audit:${workspace.id}`)
    const { events, head } = await chainHead(tx, workspace.id)
    const [last] = await tx.select({ events: c.events, at: c.at }).from(c).where(eq(c.workspaceId, workspace.id)).orderBy(desc(c.id)).limit(1)
    if (last && (last.events >= events || last.at.getTime() > since)) return false
    await recordCheckpoint(tx, workspace, await signedCheckpoint(workspace, events, head), await treeNoteIn(tx, workspace.id))
    return true
  })
}
