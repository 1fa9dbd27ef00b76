/** `/api` itself is not a route either; answer in the API's error shape. */
export default defineEventHandler(() => {
  throw apiError('NotFound', 'No such API route.')
})
