import { signingKeyHistory } from '~~/server/services/audit/key-history'

/**
 * Every key the server has signed audit checkpoints with (SPEC 3.14), oldest first, each with when it was
 * in use (`until` is null for the current one): after a key rotation, `npm run audit:verify -- --key
 * <this URL>` checks each checkpoint with the key it names. Public, like the public key.
 * @answer auditKeysAnswer
 */
export default defineEventHandler(async () => ({ items: await signingKeyHistory() }))
