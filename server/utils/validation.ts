import type { H3Event } from 'h3'
import type { z } from 'zod'

function fail(issues: z.core.$ZodIssue[]): never {
  const fields = issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }))
  const first = fields[0]
  const message = first ? `Invalid ${first.path || 'request'}: ${first.message}` : 'Invalid request.'
  throw apiError('ValidationFailed', message, { issues: fields })
}

/** The path of the first string holding U+0000, which no text column can store (PostgreSQL refuses it outright). */
function nulAt(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulAt(item, [...path, key])
      if (found) return found
    }
  }
  return null
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const nul = nulAt(input)
  if (nul) fail([{ code: 'custom', path: nul, message: 'Text cannot contain the NUL character (U+0000)', input }])
  const result = schema.safeParse(input)
  if (!result.success) fail(result.error.issues)
  return result.data
}

/** The largest request body the API reads (SPEC 3.6); a larger one is refused before the rest arrives. */
export const MAX_BODY_BYTES = 1024 * 1024

export function bodyTooLarge(event: H3Event) {
  // The rest of the body is never read, so the connection cannot be reused for another request.
  setResponseHeader(event, 'connection', 'close')
  return apiError('RequestTooLarge', 'The request body is larger than 1 MiB.')
}

/** Reads the body as text, stopping (413) as soon as it passes MAX_BODY_BYTES, whatever Content-Length claimed. */
function readLimitedBody(event: H3Event): Promise<string | undefined> {
  const req = event.node.req
  if (req.readableEnded) return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        cleanup()
        req.pause()
        reject(bodyTooLarge(event))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined)
    }
    const onError = () => {
      cleanup()
      resolve(undefined)
    }
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/** Reads a JSON body and validates it; malformed JSON or a wrong content type is a 400/415, never a 500. */
export async function validBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.output<S>> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  let body: unknown
  const raw = await readLimitedBody(event)
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
