export interface SubmitOptions {
  /**
   * Shows a refusal beside the field it is about: a 400's issues by their field (the first segment of
   * their path), and the refusals `fieldOfCode` names by their code. `error` then holds only what belongs
   * to no field.
   */
  fields?: boolean
  fieldOfCode?: Record<string, string>
  /** The message for a failure that is not the API's (a passkey prompt the person closed). */
  messageOf?: (error: unknown) => string
}

/**
 * The pending flag and error message every form and action button needs: runs the action, keeps the
 * API's message when it fails (at its field, with `fields`), and resolves to undefined instead of throwing.
 */
export function useSubmit<A extends unknown[], R>(action: (...args: A) => Promise<R>, options: SubmitOptions = {}) {
  const pending = ref(false)
  const error = ref<string | null>(null)
  const fieldErrors = ref<Record<string, string>>({})
  async function run(...args: A): Promise<R | undefined> {
    pending.value = true
    error.value = null
    fieldErrors.value = {}
    try {
      return await action(...args)
    }
    catch (e) {
      const problem = apiErrorOf(e)
      if (options.fields) {
        const atFields = Object.fromEntries(problem.issues.map(i => [i.path.split('.')[0]!, i.message]))
        const field = problem.code ? options.fieldOfCode?.[problem.code] : undefined
        if (field) atFields[field] = problem.message
        fieldErrors.value = atFields
        if (Object.keys(atFields).length) return undefined
      }
      error.value = options.messageOf ? options.messageOf(e) : problem.message
      return undefined
    }
    finally {
      pending.value = false
    }
  }
  return { pending, error, fieldErrors, run }
}
