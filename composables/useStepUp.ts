/**
 * Decisions a workspace guards with a passkey (SPEC 3.10 `approvalRequiresPasskey`, and its policy
 * changes, SPEC 3.11): `withStepUp` runs the action, and when the server answers StepUpRequired it asks
 * for the passkey (SupportStepUpDialog) and runs the action once more.
 */
export function useStepUp() {
  const { state, run, confirm, dismiss } = askAndRetry('step-up', 'StepUpRequired')
  const confirmWithPasskey = () => confirm(stepUpWithPasskey, passkeyErrorMessage)
  return { state, withStepUp: run, confirmWithPasskey, dismiss }
}
