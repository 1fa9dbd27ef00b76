import { auditSigningKey } from '../services/audit/signing-key'
import { databaseSharedByInstances } from '../database'

/**
 * Loads the audit signing key at start, making the key file on first start, so a key that cannot be
 * read stops the server at once with the reason instead of failing the first session that ends.
 */
export default defineNitroPlugin(() => {
  if (!useRuntimeConfig().auditSigningKey && databaseSharedByInstances()) {
    // Several instances each making their own key would sign one workspace's chain with different keys.
    console.warn('[audit] NUXT_AUDIT_SIGNING_KEY is not set: using a key file beside NUXT_DATABASE_PATH. With several instances on PostgreSQL, set it to the same key on each.')
  }
  const { keyId } = auditSigningKey()
  console.log(`[audit] checkpoints are signed with Ed25519 key ${keyId}`)
})
