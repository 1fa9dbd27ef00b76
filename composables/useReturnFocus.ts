import type { Ref } from 'vue'

/**
 * Focus goes back to where the person was once a dialog closes or a change they started is over
 * (WCAG 2.4.3, the WAI-ARIA dialog pattern), never left on <body>. The one place for it (issue 35):
 *
 * - What had focus is remembered when a dialog opens (`open`) or a change starts (`remember()`). A menu
 *   item or a popover's button is gone once its menu or popover closes, so that menu's or popover's own
 *   button stands in for it (Actions → Approve with changes… → Escape lands on Actions; navbar Details →
 *   Ask for more time → Details). An opener rendered again meanwhile (People's role select, after a
 *   cancelled "Make Ben Admin") is found again by its id.
 * - Once it is over (`onDialogClose` for DialogContent's @close-auto-focus, `restore()` after a change),
 *   focus goes back there; or to `fallback` (the notice that announces the result) when it is gone. An
 *   opener disabled while its request runs cannot hold focus, so this waits for it to be enabled again,
 *   and takes the control just before it when it stays disabled.
 * - It only ever picks focus up from <body> (or a dialog's frame, where a focus trap parks it): focus
 *   the person moved somewhere else is left there.
 */
interface Remembered { element: HTMLElement, standIn: HTMLElement | null, ids: string[] }

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
const usable = (el: Element) => !(el as HTMLButtonElement).disabled && (el as HTMLElement).offsetParent !== null

/** The last control before `el` in its form or section that can take focus: for an opener that stays disabled. */
function nearestBefore(el: HTMLElement): HTMLElement | null {
  const around = el.closest('form, section, [role="dialog"]')
  const before = [...(around?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])]
    .filter(c => c !== el && usable(c) && (c.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))
  return before.at(-1) ?? null
}

/** The button that opened the menu or popover `el` sits in (reka labels both by their trigger). */
function triggerOf(el: HTMLElement): HTMLElement | null {
  const holder = el.closest('[role="menu"], [data-reka-popper-content-wrapper] [role="dialog"]')
  const trigger = holder?.getAttribute('aria-labelledby')
  return trigger ? document.getElementById(trigger) : null
}

function focusNow(): Remembered | null {
  const active = document.activeElement
  if (!(active instanceof HTMLElement) || active === document.body) return null
  const standIn = triggerOf(active)
  return { element: active, standIn, ids: [standIn?.id, active.id].filter((id): id is string => !!id) }
}

/** Where focus goes back to now: the element, else its stand-in, else either rendered again, else the fallback. */
function targetOf(saved: Remembered | null, fallback?: () => HTMLElement | null): HTMLElement | null {
  const found = saved && ([saved.element, saved.standIn].find(el => el?.isConnected)
    ?? saved.ids.map(id => document.getElementById(id)).find(el => !!el))
  return found ?? fallback?.() ?? null
}

function giveBack(saved: Remembered | null, fallback?: () => HTMLElement | null) {
  // The closing dialog's own focus handling, and the re-render after the change, run a moment later:
  // look a few times, briefly (16 × 50 ms).
  let left = 16
  const look = () => {
    const target = targetOf(saved, fallback)
    const active = document.activeElement
    const lost = !active || active === document.body || active.getAttribute('role') === 'dialog'
    if (target && lost) {
      if (!(target as HTMLButtonElement).disabled) target.focus()
      else if (left === 1) nearestBefore(target)?.focus()
    }
    if (--left > 0) setTimeout(look, 50)
  }
  void nextTick(look)
}

export function useReturnFocus(options: { open?: Ref<boolean>, fallback?: () => HTMLElement | null } = {}) {
  let saved: Remembered | null = null
  const remember = () => {
    if (import.meta.client) saved = focusNow()
  }
  if (options.open) {
    watch(options.open, (isOpen) => {
      if (isOpen) remember()
    }, { flush: 'sync' })
  }
  /** After a change is over: focus goes back to what was remembered, or to the fallback. */
  function restore() {
    if (!import.meta.client) return
    const was = saved
    saved = null
    giveBack(was, options.fallback)
  }
  /** For DialogContent's @close-auto-focus: reka returns focus itself only to a DialogTrigger. */
  function onDialogClose(event: Event) {
    const was = saved
    saved = null
    const target = targetOf(was, options.fallback)
    if (!target) return
    event.preventDefault()
    if (!(target as HTMLButtonElement).disabled) target.focus()
    giveBack(was, options.fallback)
  }
  return { remember, restore, onDialogClose }
}
