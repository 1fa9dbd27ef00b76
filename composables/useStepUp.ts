/**
 * Decisions a workspace guards with a passkey (SPEC 3.10 `approvalRequiresPasskey`): `withStepUp` runs
 * the action, and when the server answers StepUpRequired it asks for the passkey (SupportStepUpDialog)
 * and runs the action once more. Closing the dialog gives up with the server's refusal.
 */
const shared = () => useState('step-up', () => ({ open: false, pending: false, error: null as string | null }))
let answer: ((used: boolean) => void) | null = null

function settle(used: boolean) {
  const resolve = answer
  answer = null
  resolve?.(used)
}

export function useStepUp() {
  const state = shared()
  async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
    // What asked for the decision (its button): focus goes back there once the dialog has closed and it is over.
    const opener = focusedElement()
    try {
      return await action()
    }
    catch (e) {
      if (apiErrorOf(e).code !== 'StepUpRequired') throw e
      settle(false)
      const used = await new Promise<boolean>((resolve) => {
        answer = resolve
        state.value = { open: true, pending: false, error: null }
      })
      try {
        if (!used) throw e
        return await action()
      }
      finally {
        returnFocusTo(opener)
      }
    }
  }
  async function confirmWithPasskey() {
    state.value.pending = true
    state.value.error = null
    try {
      await stepUpWithPasskey()
      state.value.open = false
      settle(true)
    }
    catch (e) {
      state.value.error = passkeyErrorMessage(e)
    }
    finally {
      state.value.pending = false
    }
  }
  function dismiss() {
    state.value.open = false
    settle(false)
  }
  return { state, withStepUp, confirmWithPasskey, dismiss }
}
