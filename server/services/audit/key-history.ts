import { createPublicKey } from 'node:crypto'
import { and, asc, eq, isNull, ne } from 'drizzle-orm'
import { ed25519Vkey } from '#shared/transparency/keys'
import { afterCommit, serializeWrites, tables, useDb, writeTransaction, type DbOrTx } from '../../database'
import { baseUrl } from '../mail/templates'
import { auditSigningKey, type AuditSigningKey } from './signing-key'

/** The note key name of checkpoints (SPEC 3.14): the host people reach this server at. */
export const noteKeyName = () => new URL(baseUrl()).host

/** The C2SP vkey of a public key (SPKI PEM), named by this server's host. */
export const vkeyOf = (publicKeyPem: string) => ed25519Vkey(noteKeyName(), createPublicKey(publicKeyPem))

/**
 * Records `key` as the key now in use, in `tx`: the first time, its public half is added with its start,
 * and the key used before gets its end (`retired_at`). A key put back in use is current again.
 */
async function recordKeyInUse(tx: DbOrTx, key: AuditSigningKey): Promise<void> {
  const k = tables.auditSigningKeys
  // Two processes starting on one PostgreSQL database record one history.
  await serializeWrites(tx, 'audit:signing-keys')
  const [row] = await tx.select({ retiredAt: k.retiredAt }).from(k).where(eq(k.keyId, key.keyId))
  if (row && row.retiredAt === null) return
  const now = new Date()
  await tx.update(k).set({ retiredAt: now }).where(and(isNull(k.retiredAt), ne(k.keyId, key.keyId)))
  if (row) await tx.update(k).set({ retiredAt: null }).where(eq(k.keyId, key.keyId))
  else await tx.insert(k).values({ keyId: key.keyId, publicKey: key.publicKeyPem, firstUsedAt: now })
}

let recorded = false

/**
 * The signing key, its public half recorded in the key history before anything is signed with it (in the
 * open write, if there is one), so every checkpoint names a key `GET /api/audit/keys` lists. Loaded
 * and recorded at first use: nothing of it is on the start-up path.
 */
export async function signingKeyInUse(): Promise<AuditSigningKey> {
  const key = auditSigningKey()
  if (!recorded) {
    await writeTransaction(async (tx) => {
      await recordKeyInUse(tx, key)
      afterCommit(() => { recorded = true })
    })
  }
  return key
}

export interface SigningKeyEntry { keyId: string, vkey: string, publicKey: string, from: string, until: string | null }

/** Every key the server has signed checkpoints with, oldest first, each with when it was in use. */
export async function signingKeyHistory(): Promise<SigningKeyEntry[]> {
  await signingKeyInUse()
  const k = tables.auditSigningKeys
  const rows = await useDb().select().from(k).orderBy(asc(k.firstUsedAt), asc(k.keyId))
  return rows.map(r => ({ keyId: r.keyId, vkey: vkeyOf(r.publicKey), publicKey: r.publicKey, from: r.firstUsedAt.toISOString(), until: r.retiredAt?.toISOString() ?? null }))
}
