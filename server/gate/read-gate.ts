import type { H3Event } from 'h3'
import { authorize, isReadAction, type Action, type Decision, type ProjectAction, type WorkspaceAction } from '#shared/permissions'
import { withAllSessions } from '../services/access/held-sessions'
import { callerParams, lendingSession, projectStanding, projectStandingFrom, projectStandingOf, workspaceStanding, workspaceStandingFrom, workspaceStandingOf } from '../services/access/standing'
import { credentialsOf, type Actor } from '../services/accounts/sessions'
import { recordSupportRead, type SeenDetail } from '../services/support/access-log'
import { requireActor } from './caller'

/**
 * The one way a route reads (SPEC 3.6): the caller and their standing in what they read, in one
 * statement where it can, then the permission model's decision. Every write goes through the write gate
 * (write-gate.ts).
 */

export function requireLicense() {
  if (!useServerSettings().enterpriseLicense) throw apiError('WorkspacesNotEnabled', 'Workspaces need an Enterprise license.')
}

/**
 * The model's refusal in the API's shape; a server admin refused because the workspace's data needs a
 * session (SPEC 3.10) is told which workspace to ask, so the page can offer Request Support Access.
 */
function refuseRead(decision: Decision, workspaceSlug: string | null): asserts decision is Extract<Decision, { authorized: true }> {
  if (!decision.authorized && decision.code === 'SupportSessionRequired' && workspaceSlug) throw apiError(decision.code, decision.message, { workspace: workspaceSlug })
  refuseUnless(decision)
}

/** What a workspace read is of, unless the route names it: the action says. */
const SEEN_BY_ACTION: Partial<Record<Action, SeenDetail>> = {
  'workspace.read': { type: 'workspace' },
  'workspace.members.read': { type: 'members' },
  'workspace.invites.read': { type: 'invites' },
  'workspace.support.read': { type: 'support' },
  'workspace.audit.read': { type: 'audit' },
  'workspace.integrations.read': { type: 'webhooks' },
  'project.read': { type: 'project' },
  'project.load': { type: 'project' },
}

/**
 * A read that only support mode allowed is written to the workspace's access log before it is answered
 * (SPEC 3.10); a member's own reads, and reads of personal projects, are not.
 */
async function recordIfSupportRead(event: H3Event, decision: Extract<Decision, { authorized: true }>, action: Action, seen: SeenDetail | undefined, read: { actor: Actor, workspace: { id: number, slug: string, name: string } | null, project: { id: number, name: string } | null, supportSessionId: number | null }) {
  if (!decision.supportRead || !read.workspace) return
  await recordSupportRead({
    workspace: read.workspace, project: read.project, actorId: read.actor.id, supportSessionId: read.supportSessionId,
    seen: seen ?? SEEN_BY_ACTION[action]!, route: event.path.split('?')[0]!,
  })
}

/** Reads go through here; every write goes through the write gate. */
function assertRead(action: Action) {
  if (!isReadAction(action)) throw new Error(`${action} is a write: define the route with the write gate`)
}

/**
 * Who calls, with their standing, in one statement when the request's credentials are not resolved yet.
 * When it finds no caller or no such thing, the two-step path runs instead, to name the refusal exactly
 * as it always has (a deleted token, a sign-in that lapsed, a workspace or project that does not exist).
 */
async function withCaller<R>(event: H3Event, oneStep: (by: 'token' | 'session', params: Record<string, unknown>) => Promise<R | null>, twoSteps: (actor: Actor) => Promise<R>): Promise<R> {
  if (event.context.actor === undefined) {
    const credentials = await credentialsOf(event)
    if (credentials) {
      const { by, params } = callerParams(credentials)
      const found = await oneStep(by, params)
      if (found) return found
    }
  }
  return twoSteps(await requireActor(event))
}

/** The actor a one-statement read found, remembered for the rest of the request as `getActor` would. */
function rememberCaller(event: H3Event, caller: { id: number | null, name: string | null, serverRole: Actor['serverRole'] | null, email: string | null }, by: 'token' | 'session'): Actor | null {
  if (caller.id === null || caller.email === null) return null
  const actor: Actor = { id: caller.id, name: caller.name!, serverRole: caller.serverRole!, email: caller.email, via: by === 'token' ? 'token' : 'cookie' }
  event.context.actor = actor
  return actor
}

/** Authorizes a read of a workspace: loads it and the caller's standing, then applies the permission model. */
export async function authorizeWorkspace(event: H3Event, slug: string, action: WorkspaceAction, seen?: SeenDetail) {
  assertRead(action)
  requireLicense()
  const standing = await withCaller(event, async (by, params) => {
    const [row] = await workspaceStanding[by]().execute({ ...params, slug, now: Date.now() })
    const actor = row && rememberCaller(event, row.caller, by)
    return actor ? workspaceStandingFrom(actor, await withAllSessions(row, actor.id, row.workspace.id)) : null
  }, actor => workspaceStandingOf(actor, slug))
  const decision = authorize(action, standing.facts, standing.resource, useServerSettings())
  refuseRead(decision, standing.workspace.slug)
  await recordIfSupportRead(event, decision, action, seen, { ...standing, project: null, supportSessionId: lendingSession(standing, decision) })
  return standing
}

/**
 * The project and the caller's standing exactly as `authorizeProject` reads them (the same prepared
 * statement), with no decision: the bench's baseline, so its ratio measures authorization alone.
 */
export async function projectStandingRowForBench(event: H3Event, projectId: number) {
  const credentials = await credentialsOf(event)
  if (!credentials) return null
  const { by, params } = callerParams(credentials)
  const [row] = await projectStanding[by]().execute({ ...params, projectId, now: Date.now() })
  return row ?? null
}

/** Authorizes a read of a project and its content; `seen` names the content, for the access log. */
export async function authorizeProject(event: H3Event, projectId: number, action: ProjectAction, seen?: SeenDetail) {
  assertRead(action)
  const standing = await withCaller(event, async (by, params) => {
    const [row] = await projectStanding[by]().execute({ ...params, projectId, now: Date.now() })
    const actor = row && rememberCaller(event, row.caller, by)
    return actor ? projectStandingFrom(actor, await withAllSessions(row, actor.id, row.project.workspaceId)) : null
  }, actor => projectStandingOf(actor, projectId))
  const decision = authorize(action, standing.facts, standing.resource, useServerSettings())
  refuseRead(decision, standing.workspace?.slug ?? null)
  await recordIfSupportRead(event, decision, action, seen, { ...standing, supportSessionId: lendingSession(standing, decision) })
  return standing
}
