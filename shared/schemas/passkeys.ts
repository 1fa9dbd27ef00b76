import { z } from 'zod'

/**
 * Passkey ceremonies (SPEC 3.10): the browser's WebAuthn answers as @simplewebauthn/browser sends them
 * (base64url strings). Their signatures are checked by @simplewebauthn/server; this only keeps malformed
 * input from reaching it.
 */
const b64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, 'Must be base64url')
const attemptId = z.string().min(1).max(100)
const common = {
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
}

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url.optional(),
  }),
})

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
})

/** `POST /api/me/passkeys`: the new credential, with a name to tell it apart later. */
export const addPasskeySchema = z.object({
  attemptId,
  name: z.string().trim().min(1, 'Required').max(60, 'At most 60 characters').default('Passkey'),
  response: registrationResponseSchema,
}).strict()

/** `POST /api/auth/passkey` and `POST /api/auth/step-up`: a passkey's signature over the attempt's challenge. */
export const usePasskeySchema = z.object({ attemptId, response: authenticationResponseSchema }).strict()
