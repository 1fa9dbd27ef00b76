import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { keyIdOf } from '#shared/audit-checkpoint.mjs'

export interface AuditSigningKey {
  privateKey: KeyObject
  /** SPKI PEM: what `GET /api/audit/public-key` and Server Settings show. */
  publicKeyPem: string
  keyId: string
}

/** Where the key lives when NUXT_AUDIT_SIGNING_KEY is not set: beside the SQLite file, never in the database. */
export function auditKeyFile(): string {
  return join(dirname(useRuntimeConfig().databasePath), '.audit-signing-key')
}

/** The PEM text of the key: the configured one, or the key file, made on first start with mode 0600. */
function privateKeyPem(): string {
  // Environment variables often carry a PEM with its line breaks written as \n.
  const configured = String(useRuntimeConfig().auditSigningKey ?? '').replace(/\\n/g, '\n').trim()
  if (configured) return configured
  const file = auditKeyFile()
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' })
    }
    catch (error) {
      // Another process on the same folder made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return readFileSync(file, 'utf8')
}

let loaded: AuditSigningKey | undefined

/**
 * The server's Ed25519 key for audit checkpoints (SPEC 3.8). It is kept out of the database on purpose:
 * whoever can rewrite the database cannot also sign a rewritten chain with it.
 */
export function auditSigningKey(): AuditSigningKey {
  if (loaded) return loaded
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(privateKeyPem())
  }
  catch (error) {
    throw new Error(`The audit signing key cannot be read (NUXT_AUDIT_SIGNING_KEY or ${auditKeyFile()}): ${(error as Error).message}`)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`The audit signing key must be an Ed25519 private key, not ${privateKey.asymmetricKeyType}.`)
  const publicKey = createPublicKey(privateKey)
  loaded = { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) }
  return loaded
}
