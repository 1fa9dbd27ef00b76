import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/**
 * Reads every route file under server/api at build time and says what the OpenAPI document needs of
 * it: method and path, the zod schemas it validates its params, query and body with (by the names and
 * modules it imports them from, so the document is built from those very objects), its doc comment,
 * who may call it, and the error codes its file and its services can answer. A route that validates
 * with a schema it did not import (one written inline) fails the build: the document could not show it.
 */
export interface ScannedRoute {
  file: string
  method: 'get' | 'post' | 'patch' | 'delete' | 'all'
  /** OpenAPI style: `/api/workspaces/{slug}`. */
  path: string
  summary: string
  description: string
  params: SchemaRef | null
  query: SchemaRef | null
  body: SchemaRef | null
  status: number
  /** `@answer <name>` in the doc comment: a schema of `shared/schemas/answers.ts` describing the success body. */
  answer: string | null
  /** The permission model's action, when the route names one. */
  action: string | null
  auth: 'public' | 'signedIn' | 'serverAdmin'
  /** A browser sign-in, not an API token (`requires: 'browser'` in a write's definition, or `requireBrowserSignIn`). */
  browserOnly: boolean
  /** Sudo mode (SPEC 3.11): `requires: 'recentSignIn'` in a write's definition, or `requireRecentBrowserSignIn`. */
  recentSignIn: boolean
  /** Codes thrown by the route file and by the services it imports. */
  codes: string[]
}
export interface SchemaRef { name: string, from: string }

const API_DIR = 'server/api'

function routeFiles(root: string, dir = join(root, API_DIR)): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? routeFiles(root, full) : name.endsWith('.ts') ? [full] : []
  }).sort()
}

/** `workspaces/[slug]/index.get.ts` → `get /api/workspaces/{slug}`. */
export function routeOf(file: string): { method: ScannedRoute['method'], path: string } {
  const rel = file.replace(/\.ts$/, '')
  const method = (/\.(get|post|patch|delete)$/.exec(rel)?.[1] ?? 'all') as ScannedRoute['method']
  const path = rel.replace(/\.(get|post|patch|delete)$/, '').replace(/(^|\/)index$/, '')
    .replace(/\[\.\.\.(\w+)\]/g, '{$1}').replace(/\[(\w+)\]/g, '{$1}')
  return { method, path: `/api${path ? `/${path}` : ''}` }
}

/** `import { a, b as c } from 'x'` → { a: 'x', c: 'x' }. */
function importsOf(source: string): Map<string, string> {
  const names = new Map<string, string>()
  for (const m of source.matchAll(/import\s*\{([^}]+)\}\s*from\s*'([^']+)'/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim()
      if (name) names.set(name, m[2]!)
    }
  }
  return names
}

function schemaUse(source: string, imports: Map<string, string>, file: string, patterns: RegExp[]): SchemaRef | null {
  for (const pattern of patterns) {
    const name = pattern.exec(source)?.[1]
    if (!name) continue
    const from = imports.get(name)
    if (!from) throw new Error(`${file}: validates with ${name}, which is not imported; move it to shared/schemas so the API reference can show it`)
    return { name, from }
  }
  return null
}

const codesIn = (source: string) => [...source.matchAll(/apiError\(\s*'(\w+)'/g)].map(m => m[1]!)

/** The doc comment right before `export default`: a summary (its first sentence), the text, and its `@answer`. */
function docOf(source: string): { summary: string, description: string, answer: string | null } {
  const doc = /\/\*\*([\s\S]*?)\*\/\s*export default/.exec(source)?.[1]
  if (!doc) return { summary: '', description: '', answer: null }
  const answer = /@answer\s+(\w+)/.exec(doc)?.[1] ?? null
  const text = doc.replace(/@answer\s+\w+/, '').split('\n').map(line => line.replace(/^\s*\*\s?/, '').trim()).join(' ').replace(/\s+/g, ' ').trim()
  const end = text.search(/[.:](\s|$)/)
  return end > 0 ? { summary: text.slice(0, end), description: text, answer } : { summary: text, description: text, answer }
}

export function scanRoutes(root: string): ScannedRoute[] {
  // A service's codes include those of the modules beside it that it imports (its own feature folder);
  // shared helpers further away (audit, mail) answer no codes of their own to the route.
  const serviceCodes = new Map<string, string[]>()
  const codesOfFile = (path: string, seen = new Set<string>()): string[] => {
    if (seen.has(path)) return []
    seen.add(path)
    if (!serviceCodes.has(path)) {
      const source = readFileSync(path, 'utf8')
      const nested = [...source.matchAll(/from\s*'(\.\/[^']+)'/g)].map(m => join(dirname(path), m[1]!) + '.ts').filter(existsSync)
      serviceCodes.set(path, [...codesIn(source), ...nested.flatMap(file => codesOfFile(file, seen))])
    }
    return serviceCodes.get(path)!
  }
  const codesOfService = (specifier: string) => codesOfFile(join(root, specifier.replace(/^~~\//, '')) + '.ts')
  return routeFiles(root).map((full) => {
    const file = relative(join(root, API_DIR), full)
    const source = readFileSync(full, 'utf8')
    const imports = importsOf(source)
    const { method, path } = routeOf(file)
    const services = [...new Set(imports.values())].filter(from => from.startsWith('~~/server/services/'))
    const isWrite = /define(Workspace|Project|Account)Write\(/.test(source)
    const serverAdmin = /requireServerAdmin\(|requires:\s*'serverAdmin'/.test(source)
    const signedIn = isWrite || /requireActor\(|requireBrowserSignIn\(|requireRecentBrowserSignIn\(|authorizeWorkspace\(|authorizeProject\(|credentialsOf\(/.test(source)
    return {
      file,
      method,
      path,
      ...docOf(source),
      params: schemaUse(source, imports, file, [/validParams\(event,\s*(\w+)\)/, /^\s*params:\s*(\w+),/m]),
      query: schemaUse(source, imports, file, [/validQuery\(event,\s*(\w+)\)/]),
      body: schemaUse(source, imports, file, [/validBody\(event,\s*(\w+)\)/, /^\s*body:\s*(\w+),/m]),
      status: Number(/^\s*status:\s*(\d{3}),/m.exec(source)?.[1] ?? 200),
      action: /action:\s*'([\w.]+)'/.exec(source)?.[1] ?? /authorize(?:Workspace|Project)\(event,\s*\w+,\s*'([\w.]+)'\)/.exec(source)?.[1] ?? null,
      auth: serverAdmin ? 'serverAdmin' : signedIn ? 'signedIn' : 'public',
      browserOnly: /requires:[^\n]*'browser'|requireBrowserSignIn\(|requireRecentBrowserSignIn\(/.test(source),
      recentSignIn: /requires:[^\n]*'recentSignIn'|requireRecentBrowserSignIn\(/.test(source),
      codes: [...new Set([...codesIn(source), ...services.flatMap(codesOfService)])].sort(),
    }
  })
}

/** Source of the `#api-routes` virtual module: the scanned routes, each holding the schema objects themselves. */
export function apiRoutesModuleSource(root: string): string {
  const routes = scanRoutes(root)
  const refs = new Map<string, string>()
  const lines: string[] = []
  const local = (ref: SchemaRef | null) => {
    if (!ref) return 'null'
    const key = `${ref.from}#${ref.name}`
    if (!refs.has(key)) {
      const alias = `s${refs.size}`
      refs.set(key, alias)
      lines.push(`import { ${ref.name} as ${alias} } from ${JSON.stringify(ref.from)}`)
    }
    return refs.get(key)!
  }
  const answer = (name: string | null) => local(name ? { name, from: '#shared/schemas/answers' } : null)
  const entries = routes.map(r => `  { ...${JSON.stringify({ ...r, params: r.params?.name ?? null, query: r.query?.name ?? null, body: r.body?.name ?? null })}, schemas: { params: ${local(r.params)}, query: ${local(r.query)}, body: ${local(r.body)}, answer: ${answer(r.answer)} } },`)
  return [...lines, 'export default [', ...entries, ']'].join('\n')
}
