/** Every page but /login needs a signed-in user; the server decides, so ask /api/me. */
export default defineNuxtRouteMiddleware(async (to) => {
  const store = useMeStore()
  if (!store.loaded || import.meta.server) await store.refresh()
  if (to.path === '/login') {
    if (store.me) return navigateTo(typeof to.query.redirect === 'string' && to.query.redirect.startsWith('/') ? to.query.redirect : '/')
    return
  }
  if (!store.me) return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  if (to.meta.serverAdmin && store.me.user.serverRole !== 'admin') return abortNavigation(createError({ statusCode: 403, statusMessage: 'Only server admins can open Server Settings.' }))
})
