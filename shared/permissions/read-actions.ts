import type { Action } from './types'

/** Actions that only read; a server admin in support mode may do these without a session. */
const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'workspace.read',
  'workspace.members.read',
  'workspace.invites.read',
  'workspace.support.read',
  'workspace.audit.read',
  'workspace.integrations.read',
  'project.read',
  'project.load',
])

export function isReadAction(action: Action): boolean {
  return READ_ACTIONS.has(action)
}
