import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
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

/** NUXT_AUDIT_SIGNING_KEY, whose line breaks environment files often write as \n; empty when not set. */
const configuredPem = () => String(useRuntimeConfig().auditSigningKey ?? '').replace(/\\n/g, '\n').trim()

/**
 * The start-up check, cheap on purpose (one stat, no key parsed: issue 33 keeps key loading off the
 * start-up path): a key file others may read is refused, with the command that fixes it. A missing file
 * is fine: it is made at first use.
 */
export function refuseExposedKeyFile(): void {
  if (configuredPem()) return
  const file = auditKeyFile()
  let mode: number
  try {
    mode = statSync(file).mode
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (mode & 0o077) {
    throw new Error(`The audit signing key file ${file} can be read or written by others (mode ${(mode & 0o777).toString(8)}): whoever reads it can sign a rewritten audit log. Run: chmod 600 ${file}`)
  }
}

/** The PEM text of the key: the configured one, or the key file, made on first use with mode 0600. */
function privateKeyPem(): string {
  const configured = configuredPem()
  if (configured) return configured
  const file = auditKeyFile()
  mkdirSync(dirname(file), { recursive: true })
  try {
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' })
  }
  catch (error) {
    // There is one already, or another process on the same folder made it first: use it, so all sign with one key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return readFileSync(file, 'utf8')
}

let loaded: AuditSigningKey | undefined

/**
 * The server's Ed25519 key for audit checkpoints (SPEC 3.8), loaded at first use. It is kept out of the
 * database on purpose: whoever can rewrite the database cannot also sign a rewritten chain with it.
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
  console.log(`[audit] checkpoints are signed with Ed25519 key ${loaded.keyId}`)
  return loaded
}
