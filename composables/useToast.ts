/**
 * A short message that outlives the page it was said on: deleting a project leaves its page, so its
 * "Deleted" is said on the next one (issue 35). UiToast, in the layout, shows it and lets it go.
 */
export interface Toast { id: number, text: string }

export const useToasts = () => useState<Toast[]>('toasts', () => [])

/** Shows `text` for a few seconds, read out politely by screen readers. */
export function useToast() {
  const toasts = useToasts()
  return (text: string) => {
    toasts.value = [...toasts.value, { id: Date.now() + Math.random(), text }]
  }
}
