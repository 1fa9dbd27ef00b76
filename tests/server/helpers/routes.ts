import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Every route file under server/api as "METHOD /api/path/:param". */
export function routeFiles(dir = 'server/api'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return routeFiles(full)
    const rel = relative('server/api', full).replace(/\.ts$/, '')
    const method = /\.(get|post|patch|delete)$/.exec(rel)?.[1]?.toUpperCase() ?? 'ALL'
    const path = rel.replace(/\.(get|post|patch|delete)$/, '').replace(/(^|\/)index$/, '').replace(/\[\.\.\.(\w+)\]/g, '**').replace(/\[(\w+)\]/g, ':$1')
    return [`${method} /api${path ? `/${path}` : ''}`]
  })
}
