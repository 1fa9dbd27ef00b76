import { openApiDocument } from '~~/server/openapi/document'

/** The API reference as OpenAPI 3.1, for client generators and the /docs/api page; public, like any API's reference. */
export default defineEventHandler(() => openApiDocument())
