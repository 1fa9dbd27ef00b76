/**
 * After a navigation inside the app, focus moves to the new page's heading (or its main region), as a
 * page load would put a screen reader and a keyboard at the start of the new page; without this focus
 * stays on <body> or on a link that is gone (issue 21). The first load and changes of only the query or
 * hash (paging, tabs) leave focus where it is.
 *
 * Many pages show their heading only once their data has come, after the page itself finished: focus
 * then waits on <main> and moves to the heading when it appears, unless the user has moved on.
 */
export default defineNuxtPlugin((nuxtApp) => {
  const router = useRouter()
  let moved = false
  let waiting: MutationObserver | null = null
  router.afterEach((to, from, failure) => {
    moved = !failure && from.matched.length > 0 && to.path !== from.path
  })
  nuxtApp.hook('page:finish', () => {
    if (!moved) return
    moved = false
    waiting?.disconnect()
    requestAnimationFrame(() => {
      const main = document.getElementById('main')
      if (!main || main.contains(document.activeElement)) return
      if (focusHeading(main)) return
      main.focus({ preventScroll: true })
      waiting = new MutationObserver(() => {
        if (document.activeElement !== main) waiting?.disconnect()
        else if (focusHeading(main)) waiting?.disconnect()
      })
      waiting.observe(main, { childList: true, subtree: true })
    })
  })
})

function focusHeading(main: HTMLElement): boolean {
  const heading = main.querySelector<HTMLElement>('h1')
  if (!heading) return false
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
  heading.focus({ preventScroll: true })
  return true
}
