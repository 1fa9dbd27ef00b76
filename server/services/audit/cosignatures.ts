import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { encodeBase64 } from '#shared/transparency/base64'
import { sameHash, type Hash } from '#shared/transparency/merkle'
import { treeRoot } from '#shared/transparency/prove'
import { checkKeyWindow } from '#shared/transparency/key-validity'
import { verifierFromVkey } from '#shared/transparency/verifiers'
import { readCosignedNote } from '#shared/transparency/witness'
import type { NoteVerifier } from '#shared/transparency/keys'
import { tables, useDb, type DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { signingKeyHistory, type SigningKeyEntry } from './key-history'
import { treeOrigin } from './notes'
import { treeChain, treeReader, treeSize } from './tree'

type Row = typeof tables.auditCosignatures.$inferSelect

/** How far ahead of this server's clock a witness's may run. */
const COSIGNATURE_CLOCK_SKEW_MS = 10 * 60_000

const view = (r: Row) => ({
  witness: r.witnessName, keyId: r.keyId, vkey: r.vkey, treeSize: r.treeSize, root: r.root,
  cosignedAt: r.cosignedAt.toISOString(), receivedAt: r.receivedAt.toISOString(),
})

/** Every key this server signed checkpoints with, each with its validity (a witness may cosign a note from before a rotation). */
async function logKeys(): Promise<{ verifier: NoteVerifier, key: SigningKeyEntry }[]> {
  return (await signingKeyHistory()).flatMap((key) => {
    const v = verifierFromVkey(key.vkey)
    return v.ok ? [{ verifier: v.verifier, key }] : []
  })
}

const notSigned = () => apiError('AuditCheckpointNotSigned', 'This is not a checkpoint this server signed for this workspace’s audit log.')

/**
 * Keeps a witness's cosignature (SPEC 3.14) once it is over a checkpoint this server signed for this
 * workspace (its key, its origin, a root its tree has at that size) and verifies with the witness's vkey.
 * The same witness and tree size a second time changes nothing. A cosignature is metadata of the log, as a
 * checkpoint is, never an event in it: it is itself a signed record anyone can verify, and recording it in
 * the log it attests would make the log move under its witness (each upload a new tree size, so a witness's
 * newest cosignature would always be one size behind on a quiet log).
 */
export async function recordCosignature({ tx, actor }: WriteScope, workspaceId: number, body: { vkey: string, note: string }) {
  const keys = await logKeys()
  const read = readCosignedNote(body.note, body.vkey, keys.map(k => k.verifier), treeOrigin(workspaceId))
  if (!read.ok && read.reason === 'not signed by this log') throw notSigned()
  if (!read.ok) throw apiError('AuditCosignatureInvalid', `The note carries no valid cosignature/v1 by this witness key (${read.reason}).`)
  const { checkpoint, logSignature, name, keyId, vkey, line, cosignedAt } = read.cosignature
  // A witness cosigns what it just fetched: a time past the clock's skew would show a false "last cosigned".
  if (cosignedAt * 1000 > Date.now() + COSIGNATURE_CLOCK_SKEW_MS) throw apiError('AuditCosignatureInvalid', 'The cosignature’s time is in the future: check the witness machine’s clock.')
  const chain = treeChain(workspaceId)
  // The log's key alone does not prove the root: a checkpoint of another tree (a rolled-back one) is refused too.
  const size = await treeSize(chain, tx)
  if (checkpoint.size > size || !sameHash(await treeRoot(checkpoint.size, treeReader(chain, tx)), checkpoint.rootHash)) throw notSigned()
  // Nor before the tree had this size: a backdated time would make a retired key's note look signed in its
  // day (its window, below), and show a "last cosigned" earlier than the events it covers.
  const reached = await treeReachedAt(tx, workspaceId, checkpoint.size, size)
  if (reached !== null && cosignedAt * 1000 < reached - COSIGNATURE_CLOCK_SKEW_MS) {
    throw apiError('AuditCosignatureInvalid', `The cosignature’s time (${new Date(cosignedAt * 1000).toISOString()}) is before the log had ${checkpoint.size} events (${new Date(reached).toISOString()}): check the witness machine’s clock.`)
  }
  // The route signs at request time, so the cosignature's time dates the log's signature (key-validity.ts).
  const signer = keys.find(k => k.verifier.name === logSignature.name && k.verifier.keyId === logSignature.keyId)!
  const window = checkKeyWindow(signer.key, { notBefore: { ms: cosignedAt * 1000, what: 'the witness cosigned it' }, notAfter: { ms: cosignedAt * 1000, what: 'the witness cosigned it' } })
  if (!window.ok) throw apiError('AuditCheckpointKeyNotValid', `The checkpoint is signed by key ${signer.key.keyId}, which was not valid when the witness cosigned it (${window.reason}: ${window.detail}).`)
  const c = tables.auditCosignatures
  const same = and(eq(c.workspaceId, workspaceId), eq(c.vkey, vkey), eq(c.treeSize, checkpoint.size))
  const [existing] = await tx.select().from(c).where(same)
  if (existing) return { cosignature: view(existing), created: false }
  const [row] = await tx.insert(c).values({
    workspaceId, witnessName: name, vkey, keyId, treeSize: checkpoint.size, root: encodeBase64(checkpoint.rootHash),
    signature: line.base64, cosignedAt: new Date(cosignedAt * 1000), uploadedBy: actor.id,
  }).returning()
  return { cosignature: view(row!), created: true }
}

/**
 * When the workspace's tree reached `size` leaves (of `current`): the time of its event at index size - 1,
 * read back from the chain's head (a witness uploads what it just fetched, so that is a step or two).
 */
async function treeReachedAt(tx: DbOrTx, workspaceId: number, size: number, current: number): Promise<number | null> {
  if (size === 0) return null
  const e = tables.auditEvents
  const [row] = await tx.select({ createdAt: e.createdAt }).from(e).where(eq(e.workspaceId, workspaceId)).orderBy(desc(e.id)).limit(1).offset(current - size)
  return row ? row.createdAt.getTime() : null
}

/** The cosignature lines of the tree of `size` leaves with `root`, to append to its signed note. */
export async function cosignatureLines(workspaceId: number, size: number, root: Hash, db: DbOrTx = useDb()): Promise<string> {
  const c = tables.auditCosignatures
  const rows = await db.select({ name: c.witnessName, signature: c.signature }).from(c)
    .where(and(eq(c.workspaceId, workspaceId), eq(c.treeSize, size), eq(c.root, encodeBase64(root)))).orderBy(c.id)
  return rows.map(r => `\u2014 ${r.name} ${r.signature}\n`).join('')
}

/**
 * Each witness of the workspace with its last cosigning (Integrations), and who first uploaded a
 * cosignature by its key, when: a witness is a key, its name only a label anyone may copy, so the Admin
 * who brought each key in is shown beside it.
 */
export async function listWitnesses(workspaceId: number) {
  const { auditCosignatures: c, users: u } = tables
  const ofWitness = (pick: SQL) => useDb().select({ id: pick }).from(c).where(eq(c.workspaceId, workspaceId)).groupBy(c.vkey)
  const rows = await useDb().select().from(c).where(inArray(c.id, ofWitness(sql`max(${c.id})`))).orderBy(desc(c.id))
  const firsts = await useDb().select({ vkey: c.vkey, at: c.receivedAt, id: u.id, name: u.name }).from(c).leftJoin(u, eq(u.id, c.uploadedBy))
    .where(inArray(c.id, ofWitness(sql`min(${c.id})`)))
  const added = new Map(firsts.map(f => [f.vkey, f]))
  return rows.map((r) => {
    const first = added.get(r.vkey)
    return { ...view(r), addedBy: first?.id != null && first.name != null ? { id: first.id, name: first.name } : null, addedAt: (first?.at ?? r.receivedAt).toISOString() }
  })
}
