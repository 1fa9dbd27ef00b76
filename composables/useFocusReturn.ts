/**
 * Gives focus back to the element that opened a dialog (WAI-ARIA dialog pattern) once the change it
 * guarded is over. The opener is often a button disabled while its request runs, and a disabled button
 * cannot hold focus, so the browser drops it on <body>: this waits for the button to be enabled again,
 * then focuses it — or `fallback` when the opener is gone (the dialog holding it closed). It only ever
 * picks focus up from <body> (or a dialog's frame): focus the person moved somewhere else is left there.
 */
export function focusedElement(): HTMLElement | null {
  return import.meta.client ? document.activeElement as HTMLElement | null : null
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
    if (target && lost && !(target as HTMLButtonElement).disabled) target.focus()
    if (--left > 0) setTimeout(look, 50)
  }
  void nextTick(look)
}
