/**
 * Gives focus back to the element that opened a dialog (WAI-ARIA dialog pattern) once the change it
 * guarded is over. The opener is often a button disabled while its request runs, and a disabled button
 * cannot hold focus, so the browser drops it on <body>: this waits for the button to be enabled again,
 * then focuses it — or `fallback` when the opener is gone (the dialog holding it closed), or the control
 * just before it when it stays disabled (a form whose Save has nothing left to save). It only ever
 * picks focus up from <body> (or a dialog's frame): focus the person moved somewhere else is left there.
 */
export function focusedElement(): HTMLElement | null {
  return import.meta.client ? document.activeElement as HTMLElement | null : null
}

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
const usable = (el: Element) => !(el as HTMLButtonElement).disabled && (el as HTMLElement).offsetParent !== null

/** The last control before `el` in its form or section that can take focus: for an opener that stays disabled (a saved form's Save). */
function nearestBefore(el: HTMLElement): HTMLElement | null {
  const around = el.closest('form, section, [role="dialog"]')
  const before = [...(around?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])]
    .filter(c => c !== el && usable(c) && (c.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))
  return before.at(-1) ?? null
}

export function returnFocusTo(opener: HTMLElement | null, fallback?: () => HTMLElement | null) {
  if (!import.meta.client) return
  // A closing dialog's own focus handling runs a moment after it unmounts: look a few times, briefly.
  let left = 16
  const look = () => {
    const target = opener?.isConnected ? opener : fallback?.() ?? null
    const active = document.activeElement
    // On <body>, or on a still-open dialog's frame (where its focus trap parks it when a dialog over it closes).
    const lost = !active || active === document.body || active.getAttribute('role') === 'dialog'
    if (target && lost) {
      if (!(target as HTMLButtonElement).disabled) target.focus()
      else if (left === 1) nearestBefore(target)?.focus()
    }
    if (--left > 0) setTimeout(look, 50)
  }
  void nextTick(look)
}
