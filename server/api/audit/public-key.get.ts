import { signingKeyInUse, vkeyOf } from '~~/server/services/audit/key-history'

/**
 * The public half of the key that signs audit checkpoints (SPEC 3.8, 3.14), for `npm run audit:verify -- --key`,
 * also as the C2SP vkey of the note key named by this server's host. Public on purpose: anyone holding an
 * export may check it. Every key ever used: `GET /api/audit/keys`.
 * @answer auditPublicKeyAnswer
 */
export default defineEventHandler(async () => {
  const { keyId, publicKeyPem } = await signingKeyInUse()
  return { algorithm: 'Ed25519', keyId, publicKey: publicKeyPem, vkey: vkeyOf(publicKeyPem) }
})
