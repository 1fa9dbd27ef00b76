/**
 * The pending flag and error message every form and action button needs: runs the action, keeps the
 * API's message when it fails, and resolves to undefined instead of throwing.
 */
export function useSubmit<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const pending = ref(false)
  const error = ref<string | null>(null)
  async function run(...args: A): Promise<R | undefined> {
    pending.value = true
    error.value = null
    try {
      return await action(...args)
    }
    catch (e) {
      error.value = apiErrorOf(e).message
      return undefined
    }
    finally {
      pending.value = false
    }
  }
  return { pending, error, run }
}
