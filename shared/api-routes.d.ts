/** Every route file, scanned at build time with the zod schemas it validates with (server/openapi/route-scan.ts). */
declare module '#api-routes' {
  import type { ZodType } from 'zod'
  interface ApiRoute {
    file: string
    method: 'get' | 'post' | 'patch' | 'delete' | 'all'
    path: string
    summary: string
    description: string
    params: string | null
    query: string | null
    body: string | null
    status: number
    answer: string | null
    action: string | null
    auth: 'public' | 'signedIn' | 'serverAdmin'
    /** A browser sign-in, not an API token (`requires: 'browser'`, `requireBrowserSignIn`). */
    browserOnly: boolean
    recentSignIn: boolean
    codes: string[]
    schemas: { params: ZodType | null, query: ZodType | null, body: ZodType | null, answer: ZodType | null }
  }
  const routes: ApiRoute[]
  export default routes
}
