import type { H3Event } from 'h3'
import type { z } from 'zod'

function fail(issues: z.core.$ZodIssue[]): never {
  const fields = issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }))
  const first = fields[0]
  const message = first ? `Invalid ${first.path || 'request'}: ${first.message}` : 'Invalid request.'
  throw apiError('ValidationFailed', message, { issues: fields })
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) fail(result.error.issues)
  return result.data
}

/** Reads a JSON body and validates it; malformed JSON or a wrong content type is a 400/415, never a 500. */
export async function validBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.output<S>> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  let body: unknown
  const raw = await readRawBody(event, 'utf8').catch(() => undefined)
  if (raw !== undefined && raw.trim() !== '') {
    if (!/^application\/(.+\+)?json\b/i.test(type)) throw apiError('UnsupportedMediaType', 'Send the body as application/json.')
    try {
      body = JSON.parse(raw)
    }
    catch {
      throw apiError('ValidationFailed', 'The body is not valid JSON.', { issues: [{ path: '', message: 'Malformed JSON' }] })
    }
  }
  return parse(schema, body ?? {})
}

export function validParams<S extends z.ZodType>(event: H3Event, schema: S): z.output<S> {
  return parse(schema, getRouterParams(event, { decode: true }))
}

export function validQuery<S extends z.ZodType>(event: H3Event, schema: S): z.output<S> {
  return parse(schema, getQuery(event))
}
