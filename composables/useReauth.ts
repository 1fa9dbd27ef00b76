/**
 * Sudo mode in the browser (SPEC 3.11): `withReauth` runs a sensitive account change (a passkey, a
 * token, an email, deleting the account), and when the server answers ReauthenticationRequired it asks
 * for the password, or a passkey (AccountReauthDialog), in place, then runs the change once more.
 * Closing the dialog gives up with the server's refusal. Signing in counts, so a fresh sign-in never sees it.
 */
const shared = () => useState('reauth', () => ({ open: false, pending: false, error: null as string | null }))
let answer: ((confirmed: boolean) => void) | null = null

function settle(confirmed: boolean) {
  const resolve = answer
  answer = null
  resolve?.(confirmed)
}

export function useReauth() {
  const state = shared()
  async function withReauth<T>(action: () => Promise<T>): Promise<T> {
    // What opened the change (its button): focus goes back there once the dialog has closed and it is over.
    const opener = focusedElement()
    try {
      return await action()
    }
    catch (e) {
      if (apiErrorOf(e).code !== 'ReauthenticationRequired') throw e
      settle(false)
      const confirmed = await new Promise<boolean>((resolve) => {
        answer = resolve
        state.value = { open: true, pending: false, error: null }
      })
      try {
        if (!confirmed) throw e
        return await action()
      }
      finally {
        returnFocusTo(opener)
      }
    }
  }
  /** One way of confirming (the password, a passkey): on success the dialog closes and the change runs again. */
  async function confirm(how: () => Promise<unknown>, messageOf: (e: unknown) => string = e => apiErrorOf(e).message) {
    state.value.pending = true
    state.value.error = null
    try {
      await how()
      state.value.open = false
      settle(true)
    }
    catch (e) {
      state.value.error = messageOf(e)
    }
    finally {
      state.value.pending = false
    }
  }
  const confirmWithPassword = (password: string) => confirm(() => apiFetch('/api/auth/reauthenticate', { method: 'POST', body: { password } }))
  const confirmWithPasskey = () => confirm(stepUpWithPasskey, passkeyErrorMessage)
  function dismiss() {
    state.value.open = false
    settle(false)
  }
  return { state, withReauth, confirmWithPassword, confirmWithPasskey, dismiss }
}
