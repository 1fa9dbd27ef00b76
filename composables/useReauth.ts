/**
 * Sudo mode in the browser (SPEC 3.11): `withReauth` runs a sensitive account change (a passkey, a
 * token, an email, deleting the account), and when the server answers ReauthenticationRequired it asks
 * for the password, or a passkey (AccountReauthDialog), in place, then runs the change once more.
 * Signing in counts, so a fresh sign-in never sees it.
 */
export function useReauth() {
  const { state, run, confirm, dismiss } = askAndRetry('reauth', 'ReauthenticationRequired')
  const confirmWithPassword = (password: string) => confirm(() => apiFetch('/api/auth/reauthenticate', { method: 'POST', body: { password } }))
  const confirmWithPasskey = () => confirm(stepUpWithPasskey, passkeyErrorMessage)
  return { state, withReauth: run, confirmWithPassword, confirmWithPasskey, dismiss }
}
