import type { Ref } from 'vue'

/**
 * Focus goes back to what opened a dialog when it closes, by Escape, Cancel or submit (WCAG 2.4.3).
 * reka does this for a DialogTrigger only; a dialog opened from a menu item or a select lost it to
 * <body>. A menu item is gone once its menu closes, so the menu's own button stands in for it
 * (Actions → Approve with changes… → Escape lands on Actions). An opener that was rendered again
 * meanwhile (People's role select, after a cancelled "Make Ben Admin") is found again by its id.
 * Pass the result to DialogContent's @close-auto-focus.
 */
export function useReturnFocus(open: Ref<boolean>) {
  let returnTo: HTMLElement | null = null
  let returnToId = ''
  watch(open, (isOpen) => {
    if (!isOpen || !import.meta.client) return
    const active = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
    const trigger = active?.closest('[role="menu"]')?.getAttribute('aria-labelledby')
    returnTo = (trigger ? document.getElementById(trigger) : null) ?? active
    returnToId = returnTo?.id ?? ''
  }, { flush: 'sync' })

  return function restoreFocus(event: Event) {
    const target = returnTo
    const id = returnToId
    returnTo = null
    returnToId = ''
    if (!target || (!target.isConnected && !id)) return
    event.preventDefault()
    if (target.isConnected) return target.focus()
    // Rendered again: the new element is in the DOM after Vue's next flush.
    void nextTick(() => document.getElementById(id)?.focus())
  }
}
