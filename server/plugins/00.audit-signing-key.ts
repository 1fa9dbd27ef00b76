import { refuseExposedKeyFile } from '../services/audit/signing-key'
import { databaseSharedByInstances } from '../database'

/**
 * Checks the audit signing key file at start, cheaply: one stat, no key parsed (the key is loaded and
 * recorded at first use, off the start-up path). A key file others may read stops the server at once,
 * naming the command that fixes it, rather than signing with a key that may be in someone else's hands.
 */
export default defineNitroPlugin(() => {
  if (!useRuntimeConfig().auditSigningKey && databaseSharedByInstances()) {
    // Several instances each making their own key would sign one workspace's chain with different keys.
    console.warn('[audit] NUXT_AUDIT_SIGNING_KEY is not set: using a key file beside NUXT_DATABASE_PATH. With several instances on PostgreSQL, set it to the same key on each.')
  }
  try {
    refuseExposedKeyFile()
  }
  catch (error) {
    console.error(`[audit] ${(error as Error).message}`)
    process.exit(1)
  }
})
