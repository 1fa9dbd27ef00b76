import type { H3Event } from 'h3'
import type { z } from 'zod'

/** Zod's own messages ("Too small: …", "Invalid input: …") name no field, so the field leads them. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected)\b/

/**
 * One clear sentence (issue 35): a message written for people ("Enter a valid email address") is the
 * whole answer, not "Invalid email: Enter a valid email address"; zod's own messages get their field.
 */
function sentence({ path, message }: { path: string, message: string }): string {
  if (ZOD_DEFAULT.test(message)) return `Invalid ${path || 'request'}: ${message}`
  return /[.!?]$/.test(message) ? message : `${message}.`
}

function fail(issues: z.core.$ZodIssue[]): never {
  const fields = issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }))
  const first = fields[0]
  const message = first ? sentence(first) : 'Invalid request.'
  throw apiError('ValidationFailed', message, { issues: fields })
}

/** How deeply a request's JSON may nest; no route takes more than a few levels. */
export const MAX_JSON_DEPTH = 32

interface Walked { value: unknown, path: (string | number)[] }

/**
 * The first problem with the input's shape that no schema should have to meet: a string holding U+0000,
 * which no text column can store (PostgreSQL refuses it outright), or nesting deeper than MAX_JSON_DEPTH.
 * Walks with a stack of its own rather than recursion, so a 1 MiB `[[[[…` costs a few levels, not the
 * process's call stack, and stops at the first problem in document order.
 */
function shapeProblem(input: unknown): { path: (string | number)[], message: string } | null {
  const stack: Walked[] = [{ value: input, path: [] }]
  while (stack.length) {
    const { value, path } = stack.pop()!
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { path, message: 'Text cannot contain the NUL character (U+0000)' }
      continue
    }
    if (!value || typeof value !== 'object') continue
    if (path.length >= MAX_JSON_DEPTH) return { path: path.slice(0, 3), message: `Nested more than ${MAX_JSON_DEPTH} levels deep` }
    const entries = Object.entries(value)
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] })
  }
  return null
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const problem = shapeProblem(input)
  if (problem) fail([{ code: 'custom', path: problem.path, message: problem.message, input }])
  const result = schema.safeParse(input)
  if (!result.success) fail(result.error.issues)
  return result.data
}

/** The largest request body the API reads (SPEC 3.6); a larger one is refused before the rest arrives. */
export const MAX_BODY_BYTES = 1024 * 1024

export const REQUEST_TOO_LARGE_MESSAGE = 'The request body is larger than 1 MiB.'

/** How much of an oversized body is read and thrown away so its sender can read the 413 (issue 20). */
const DRAIN_BYTES = 32 * 1024 * 1024

export function bodyTooLarge(event: H3Event) {
  // No `Connection: close`: closing while the client still writes resets the connection before it reads
  // the answer. The rest is read and thrown away instead (bounded), then the connection serves on.
  drainRest(event)
  return apiError('RequestTooLarge', REQUEST_TOO_LARGE_MESSAGE)
}

/**
 * Reads and discards what the client is still sending, up to DRAIN_BYTES: a client that is refused while
 * it writes gets its connection reset and never sees the answer, so the 413 would be unreadable. Past the
 * budget the connection is cut: nobody gets to make the server read without end.
 */
function drainRest(event: H3Event) {
  const req = event.node.req
  if (req.readableEnded) return
  let drained = 0
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > DRAIN_BYTES) req.socket.destroy()
  })
  req.on('error', () => {})
  req.resume()
}

/** Reads the body as text, stopping (413) as soon as it passes MAX_BODY_BYTES, whatever Content-Length claimed. */
function readLimitedBody(event: H3Event): Promise<string | undefined> {
  const req = event.node.req
  if (req.readableEnded) return Promise.resolve(undefined)
  // Known to be too large before a byte is read: say so at once.
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return Promise.reject(bodyTooLarge(event))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        cleanup()
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
