/** Unknown API routes answer JSON, not the app's HTML 404 page. */
export default defineEventHandler(() => {
  throw apiError('NotFound', 'No such API route.')
})
