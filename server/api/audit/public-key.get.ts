import { auditSigningKey } from '~~/server/services/audit/signing-key'

/**
 * The public half of the key that signs audit checkpoints (SPEC 3.8), for `npm run audit:verify -- --key`.
 * Public on purpose: anyone holding an export may check it.
 * @answer auditPublicKeyAnswer
 */
export default defineEventHandler(() => {
  const { keyId, publicKeyPem } = auditSigningKey()
  return { algorithm: 'Ed25519', keyId, publicKey: publicKeyPem }
})
