import type { Actor } from './utils/actor'

declare module 'h3' {
  interface H3EventContext {
    actor?: Actor | null
  }
}

export {}

declare module 'h3' {
  interface H3EventContext {
    /** Set when this request was allowed only through the caller's support session. */
    supportWrite?: { sessionId: number, workspaceId: number }
  }
}
