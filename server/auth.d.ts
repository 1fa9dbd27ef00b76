import type { Actor, Credentials } from './services/accounts/sessions'

declare module 'h3' {
  interface H3EventContext {
    /** The caller as loaded for this request (reads); writes load it again inside their transaction. */
    actor?: Actor | null
    credentials?: Credentials
  }
}

export {}
