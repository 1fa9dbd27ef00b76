import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser'
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types'

/**
 * Passkeys in the browser (SPEC 3.10), through @simplewebauthn/browser: each ceremony asks the server
 * for options, lets the browser and authenticator answer, and sends the answer back to be verified.
 */

/** Whether this browser can use passkeys at all (false while rendering on the server). */
export function passkeysSupported(): boolean {
  return import.meta.client && browserSupportsWebAuthn()
}

/** Adds a passkey to the signed-in account. */
export async function createPasskey(name: string) {
  const { attemptId, options } = await apiFetch<{ attemptId: string, options: PublicKeyCredentialCreationOptionsJSON }>('/api/me/passkeys/options', { method: 'POST' })
  const response = await startRegistration({ optionsJSON: options })
  return apiFetch('/api/me/passkeys', { method: 'POST', body: { attemptId, name, response } })
}

/** Signs in with whichever of this site's passkeys the browser offers. */
export async function signInWithPasskey() {
  const { attemptId, options } = await apiFetch<{ attemptId: string, options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/passkey/options', { method: 'POST' })
  const response = await startAuthentication({ optionsJSON: options })
  return apiFetch('/api/auth/passkey', { method: 'POST', body: { attemptId, response } })
}

/** Proves the signed-in user again with one of their passkeys, for decisions a workspace guards with one. */
export async function stepUpWithPasskey() {
  const { attemptId, options } = await apiFetch<{ attemptId: string, options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/step-up/options', { method: 'POST' })
  const response = await startAuthentication({ optionsJSON: options })
  return apiFetch('/api/auth/step-up', { method: 'POST', body: { attemptId, response } })
}

/**
 * What to tell someone whose passkey ceremony failed: the server's reason, or the browser's when the
 * person closed the prompt or the authenticator refused.
 */
export function passkeyErrorMessage(error: unknown): string {
  const name = (error as { name?: string })?.name
  if (name === 'NotAllowedError' || name === 'AbortError') return 'The passkey was not used: the request was cancelled or timed out. Try again.'
  if (name === 'InvalidStateError') return 'This authenticator already holds a passkey for your account.'
  if (name === 'SecurityError') return 'Passkeys need this site to be opened by its domain name over HTTPS (or on localhost).'
  return apiErrorOf(error).message
}
