import routes from '#api-routes'
import { z } from 'zod'
import { ERROR_STATUS, type ErrorCode } from '#shared/error-codes'
import { authorize, type Action, type ActorFacts, type ResourceFacts } from '#shared/permissions'
import { PROJECT_ROLES, SEATS, WORKSPACE_ROLES } from '#shared/roles'
import { WEBHOOK_CONTRACT_CHANGES, WEBHOOK_CONTRACT_VERSION, webhookBodySchema } from '#shared/webhooks/contract'
import { WEBHOOK_EVENTS, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TEST_EVENT } from '#shared/webhooks/schemas'

/**
 * `GET /api/openapi.json` (SPEC 3.9): OpenAPI 3.1, built from the route files as the build scanned
 * them and from the zod schemas those routes validate with, so the reference cannot drift from what
 * the server accepts. Error codes come from the route and its services, and for routes that name a
 * permission action, from asking the permission model itself every way it can refuse that action.
 */
type Route = (typeof routes)[number]
type JsonSchema = Record<string, unknown>

/** Requests are described as the route reads them (`input`), answers as the server writes them (`output`). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
  return rest
}

/** Every code the permission model answers for an action, over every kind of caller and resource. */
function refusalsOf(action: Action): ErrorCode[] {
  const codes = new Set<ErrorCode>()
  const resources: ResourceFacts[] = action.startsWith('project.')
    ? [true, false].flatMap(inWorkspace => (['workspace', 'private'] as const).map(visibility => ({ type: 'project' as const, inWorkspace, visibility })))
    : [{ type: 'workspace' }]
  for (const serverRole of ['admin', 'user'] as const) {
    for (const workspaceRole of [...WORKSPACE_ROLES, null]) {
      for (const seat of [...SEATS, null]) {
        for (const projectRole of [...PROJECT_ROLES, null]) {
          for (const activeSupportSession of [true, false]) {
            const actor: ActorFacts = { serverRole, workspaceRole, seat, projectRole, activeSupportSession }
            for (const resource of resources) {
              for (const supportMode of [true, false]) {
                for (const isActor of [true, false]) {
                  const decision = authorize(action, actor, resource, { enterpriseLicense: true, supportMode }, { isActor })
                  if (!decision.authorized) codes.add(decision.code as ErrorCode)
                }
              }
            }
          }
        }
      }
    }
  }
  return [...codes]
}

function errorCodesOf(route: Route): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.codes.filter((code): code is ErrorCode => code in ERROR_STATUS))
  const validates = route.params || route.query || route.body
  if (validates) codes.add('ValidationFailed')
  if (route.auth !== 'public') codes.add('Unauthenticated')
  if (route.auth === 'serverAdmin') codes.add('ServerAdminRequired')
  if (route.browserOnly) codes.add('BrowserSignInRequired')
  if (route.recentSignIn) codes.add('ReauthenticationRequired')
  if (route.body) {
    codes.add('RequestTooLarge')
    codes.add('UnsupportedMediaType')
  }
  if (route.method !== 'get' && route.method !== 'all') {
    codes.add('CrossOriginRequest')
    codes.add('DatabaseBusy')
  }
  if (route.path.includes('/workspaces/{slug}')) {
    codes.add('WorkspacesNotEnabled')
    codes.add('WorkspaceNotFound')
  }
  if (route.path.startsWith('/api/projects/{id}')) codes.add('ProjectNotFound')
  if (route.method === 'all') codes.add('NotFound')
  if (route.action) for (const code of refusalsOf(route.action as Action)) codes.add(code)
  return [...codes].sort()
}

const singular = (noun: string) => noun.replace(/ies$/, 'y').replace(/s$/, '')
const words = (segment: string) => segment.replace(/-/g, ' ')
const capital = (text: string) => text[0]!.toUpperCase() + text.slice(1)

/** A summary from the method and path: "List webhooks", "Get workspace", "Approve (support session)". */
function summaryOf(route: Route): string {
  if (route.method === 'all') return 'Unknown API path (always 404)'
  const segments = route.path.split('/').filter(s => s && s !== 'api')
  const last = segments.at(-1)!
  const serverWide = segments[0] === 'admin' ? ' (server admins)' : ''
  const isItem = last.startsWith('{')
  const noun = words([...segments].reverse().find(s => !s.startsWith('{'))!)
  const plural = noun.endsWith('s') && !noun.endsWith('ss')
  // A POST to a singular word is an action on what precedes it: "Approve (support session)", "Login (auth)".
  if (route.method === 'post' && !isItem && !plural) {
    const of = [...segments].slice(0, -1).reverse().find(s => !s.startsWith('{'))
    return `${capital(noun)}${of ? ` (${singular(words(of))})` : ''}${serverWide}`
  }
  const verb = { get: isItem || !plural ? 'Get' : 'List', post: 'Create', patch: 'Update', delete: 'Delete' }[route.method]
  const object = route.method === 'get' && !isItem ? noun : singular(noun)
  return `${verb} ${object}${serverWide}`
}

function parameters(route: Route) {
  const out: JsonSchema[] = []
  for (const [where, schema] of [['path', route.schemas.params], ['query', route.schemas.query]] as const) {
    if (!schema) continue
    const json = jsonSchema(schema) as { properties?: Record<string, JsonSchema>, required?: string[] }
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) })
    }
  }
  return out
}

function responses(route: Route) {
  const out: Record<string, JsonSchema> = {}
  const status = String(route.method === 'all' ? 404 : route.status)
  if (route.method !== 'all') {
    out[status] = status === '204'
      ? { description: 'Done; no content.' }
      : {
          description: ({ 201: 'Created.', 202: 'Accepted: queued.' } as Record<string, string>)[status] ?? 'OK.',
          ...(route.answer ? { 'x-answer': route.answer } : {}),
          content: { 'application/json': { schema: route.schemas.answer ? jsonSchema(route.schemas.answer, 'output') : {} } },
        }
  }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodesOf(route)) byStatus.set(ERROR_STATUS[code], [...byStatus.get(ERROR_STATUS[code]) ?? [], code])
  for (const [httpStatus, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(httpStatus)] = {
      description: `Error; \`data.code\` is one of: ${codes.map(c => `\`${c}\``).join(', ')}.`,
      'x-error-codes': codes,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  return out
}

/** Routes that are not part of the API people script: the catch-all 404 and the benchmark's own route. */
const isInternal = (route: Route) => route.method === 'all' || route.path.includes('/_bench')

function operation(route: Route) {
  const tag = isInternal(route) ? 'internal' : route.path.split('/')[2] ?? 'api'
  return {
    ...(isInternal(route) ? { 'x-internal': true } : {}),
    operationId: `${route.method}${route.path.replace(/\{(\w+)\}/g, 'By_$1').split(/[/.-]/).filter(Boolean).map(s => s[0]!.toUpperCase() + s.slice(1)).join('')}`,
    summary: summaryOf(route),
    ...(route.description ? { description: route.description } : {}),
    tags: [tag],
    ...(route.auth === 'public' ? { security: [] } : {}),
    ...(route.auth === 'serverAdmin' ? { 'x-server-admin-only': true } : {}),
    ...(route.action ? { 'x-permission-action': route.action } : {}),
    parameters: parameters(route),
    ...(route.schemas.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.schemas.body) } } } } : {}),
    responses: responses(route),
  }
}

let built: JsonSchema | undefined

/** Each contract version and what it changed, newest first. */
const contractChanges = () => Object.entries(WEBHOOK_CONTRACT_CHANGES).sort(([a], [b]) => Number(b) - Number(a)).map(([version, change]) => `Version ${version}: ${change}`).join(' ')

/**
 * What the server POSTs to webhook endpoints (SPEC 3.9), one entry per event type: the `json` format's
 * body, signed in the signature header. Built from the same schemas the server's deliveries are tested against.
 */
function webhooks(): Record<string, JsonSchema> {
  const types = [...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT] as const
  return Object.fromEntries(types.map(type => [type, {
    post: {
      summary: webhookBodySchema(type).description,
      description: `Contract version ${WEBHOOK_CONTRACT_VERSION}. ${contractChanges()} Signed: \`${WEBHOOK_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>\`.`,
      parameters: [{ name: WEBHOOK_SIGNATURE_HEADER, in: 'header', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(webhookBodySchema(type), 'output') } } },
      responses: { '2XX': { description: 'Acknowledged: any 2xx. Anything else is retried with backoff for 24 hours.' } },
    },
  }]))
}

export function openApiDocument(): JsonSchema {
  if (built) return built
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const methods = route.method === 'all' ? ['get'] : [route.method]
    for (const method of methods) {
      paths[route.path] ??= {}
      paths[route.path]![method] = operation(route)
    }
  }
  built = {
    openapi: '3.1.0',
    info: {
      title: 'Support Access API',
      version: '1.0.0',
      description: 'JSON in and out. Errors answer `{statusCode, message, data: {code}}`; scripts branch on `data.code`. Authenticate with `Authorization: Bearer <token>` (user menu → API tokens); a token acts exactly as its owner, support sessions included. Cookie-authenticated writes must come from the same origin. A server admin\'s reads of a workspace they are not a member of are recorded in its access log (`GET /api/workspaces/{slug}/access-log`). Where a workspace\'s support policy sets `approvalRequiresPasskey`, approving or revoking support access, and changing that support policy, need a passkey confirmed on a browser sign-in in the last 5 minutes (`POST /api/auth/step-up`), else 403 `StepUpRequired`: an API token cannot make one (a policy change through a token is 403 `BrowserSignInRequired` then).',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token from the user menu → API tokens.' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'nuxt-session', description: 'The browser session; writes must come from the same origin.' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['statusCode', 'message', 'data'],
          properties: {
            statusCode: { type: 'integer' },
            message: { type: 'string' },
            data: {
              type: 'object',
              required: ['code'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
                issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
    paths,
    webhooks: webhooks(),
  }
  return built
}
