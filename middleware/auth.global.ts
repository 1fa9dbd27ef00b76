import { safeRedirect } from '#shared/safe-redirect'

/** Every page but /login needs a signed-in user; the server decides, so ask /api/me. */
export default defineNuxtRouteMiddleware(async (to) => {
  const store = useMeStore()
  if (!store.loaded || import.meta.server) await store.refresh()
  if (to.path === '/login') {
    // Only to a path of this app: never another site, however the path is spelt (issue 20).
    if (store.me) return navigateTo(safeRedirect(to.query.redirect, useRequestURL().origin))
    return
  }
  if (!store.me) return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  if (to.meta.serverAdmin && store.me.user.serverRole !== 'admin') return abortNavigation(createError({ statusCode: 403, statusMessage: 'Only server admins can open Server Settings.' }))
})
