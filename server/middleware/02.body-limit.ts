/** A body announced as larger than the API reads is refused before any of it is read (SPEC 3.6). */
export default defineEventHandler((event) => {
  if (!event.path.startsWith('/api/')) return
  const length = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (length > MAX_BODY_BYTES) throw bodyTooLarge(event)
})
