/**
 * The one "ask in place, then retry" flow behind sudo mode (useReauth) and the passkey step-up
 * (useStepUp): `run` performs a change; when the server refuses it with `code`, a dialog bound to `state`
 * asks the person to confirm, and once they do the change runs again. Closing the dialog gives up with
 * the server's refusal. Focus goes back to what started the change once it is over (useReturnFocus),
 * since the dialog's own return would land on a button still disabled by the running request.
 */
type Settle = (confirmed: boolean) => void
const waiting = new Map<string, Settle>()

function settle(key: string, confirmed: boolean) {
  const resolve = waiting.get(key)
  waiting.delete(key)
  resolve?.(confirmed)
}

export function askAndRetry(key: string, code: string) {
  const state = useState(key, () => ({ open: false, pending: false, error: null as string | null }))
  async function run<T>(action: () => Promise<T>): Promise<T> {
    const focus = useReturnFocus()
    focus.remember()
    try {
      return await action()
    }
    catch (e) {
      if (apiErrorOf(e).code !== code) throw e
      settle(key, false)
      const confirmed = await new Promise<boolean>((resolve) => {
        waiting.set(key, resolve)
        state.value = { open: true, pending: false, error: null }
      })
      try {
        if (!confirmed) throw e
        return await action()
      }
      finally {
        focus.restore()
      }
    }
  }
  /** One way of confirming (a password, a passkey): on success the dialog closes and the change runs again. */
  async function confirm(how: () => Promise<unknown>, messageOf: (e: unknown) => string = e => apiErrorOf(e).message) {
    state.value.pending = true
    state.value.error = null
    try {
      await how()
      state.value.open = false
      settle(key, true)
    }
    catch (e) {
      state.value.error = messageOf(e)
    }
    finally {
      state.value.pending = false
    }
  }
  function dismiss() {
    state.value.open = false
    settle(key, false)
  }
  return { state, run, confirm, dismiss }
}
